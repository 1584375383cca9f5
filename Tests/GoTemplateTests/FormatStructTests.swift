import Testing
@testable import GoTemplate

/// A template over a Go struct (what Podman renders for `ps` and
/// `inspect`): a field the struct lacks is an error; a map's missing key
/// is still `<no value>`.
@Suite("Format: struct fields")
struct FormatStructTests {
    static let row = TemplateValue.object([("Names", .string("web")), ("Labels", .object([("a", .string("b"))]))])

    @Test("a missing field of the struct fails with Go's words")
    func missingField() throws {
        var template = try GoTemplate("{{.Nope}}")
        template.structType = "containers.psReporter"
        #expect(throws: TemplateError.self) { try template.renderList([Self.row]) }
        do { _ = try template.renderList([Self.row]) } catch let error as TemplateError {
            #expect(error.description == "template: format:1:2: executing \"format\" at <.Nope>: can't evaluate field Nope in type containers.psReporter")
        }
    }

    @Test("fields that exist and map keys that do not still print")
    func presentFields() throws {
        var template = try GoTemplate("{{.Names}} {{.Labels.nope}} {{.Labels.a}}")
        template.structType = "containers.psReporter"
        #expect(try template.renderList([Self.row]) == "web <no value> b\n")
        #expect(try GoTemplate("{{.Nope}}").render(Self.row) == "<no value>\n")
    }
}
