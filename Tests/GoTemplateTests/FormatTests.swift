import Testing
@testable import GoTemplate

/// One format string and what Podman prints for it.
struct FormatCase: Sendable, CustomTestStringConvertible {
    var format: String
    var expected: String
    init(_ format: String, _ expected: String) {
        self.format = format
        self.expected = expected
    }
    var testDescription: String { format.isEmpty ? "(empty format)" : format }
}

private func value(_ json: String) throws -> TemplateValue {
    try TemplateValue(json: Array(json.utf8))
}

/// Go's parse errors carry only a line number; ours add the column. Drop it
/// to compare with Go's text.
private func withoutColumn(_ message: String) -> String {
    let prefix = "template: format:"
    guard message.hasPrefix(prefix) else { return message }
    let rest = message.dropFirst(prefix.count)
    let parts = rest.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3, Int(parts[0]) != nil, Int(parts[1]) != nil else { return message }
    return prefix + parts[0] + ":" + parts[2]
}

@Suite("Format: Go text/template as Podman runs it")
struct FormatTemplateTests {
    @Test("renders like Podman", arguments: formatRenderCases)
    func render(_ c: FormatCase) throws {
        let template = try GoTemplate(c.format)
        #expect(!template.isTable)
        #expect(try template.render(value(formatContainerJSON)) == c.expected)
    }

    @Test("fails like Podman", arguments: formatErrorCases)
    func errors(_ c: FormatCase) throws {
        do {
            let output = try GoTemplate(c.format).render(value(formatContainerJSON))
            Issue.record("expected an error, got \(output.debugDescription)")
        } catch let error as TemplateError {
            if error.stage == .parse {
                #expect(withoutColumn(error.description) == c.expected)
            } else {
                #expect(error.description == c.expected)
            }
        }
    }

    @Test("tables align like Podman", arguments: formatTableCases)
    func table(_ c: FormatCase) throws {
        let template = try GoTemplate(c.format)
        #expect(template.isTable)
        guard case .array(let rows) = try value(formatTableJSON) else {
            Issue.record("table rows are not an array")
            return
        }
        #expect(try template.renderTable(rows) == c.expected)
    }
}
