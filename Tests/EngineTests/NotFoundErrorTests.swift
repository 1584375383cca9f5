import Foundation
import Testing
@testable import Engine

/// Podman's words and exit statuses when a verb names a container, image or
/// volume that does not exist (each case checked against podman 4.3).
@Suite("Errors: missing objects in Podman's words", .enabled(if: EngineTestSupport.hasBerth, "needs the built berth binary"))
struct NotFoundErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var stderr: String
        var status: Int32 = 125
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let noContainer = "Error: no container with name or ID \"nosuch\" found: no such container\n"

    static let cases: [Case] = [
        Case(arguments: ["stop", "nosuch"], stderr: noContainer),
        Case(arguments: ["kill", "nosuch"], stderr: noContainer),
        Case(arguments: ["start", "nosuch"], stderr: noContainer),
        Case(arguments: ["restart", "nosuch"], stderr: noContainer),
        Case(arguments: ["rm", "nosuch"], stderr: noContainer, status: 1),
        Case(arguments: ["logs", "nosuch"], stderr: noContainer),
        Case(arguments: ["port", "nosuch"], stderr: noContainer),
        Case(arguments: ["wait", "nosuch"], stderr: noContainer),
        Case(arguments: ["exec", "nosuch", "true"], stderr: noContainer),
        Case(arguments: ["attach", "nosuch"], stderr: noContainer),
        Case(arguments: ["mount", "nosuch"], stderr: noContainer),
        Case(arguments: ["unmount", "nosuch"], stderr: noContainer),
        Case(arguments: ["pause", "nosuch"], stderr: noContainer),
        Case(arguments: ["unpause", "nosuch"], stderr: noContainer),
        Case(arguments: ["rename", "nosuch", "other"], stderr: noContainer),
        Case(arguments: ["export", "-o", "/dev/null", "nosuch"], stderr: noContainer),
        Case(arguments: ["top", "nosuch"], stderr: "Error: unable to look up requested container: no container with name or ID \"nosuch\" found: no such container\n"),
        Case(arguments: ["diff", "nosuch"], stderr: "Error: nosuch not found: layer not known\n"),
        Case(arguments: ["container", "exists", "nosuch"], stderr: "", status: 1),
        Case(arguments: ["image", "exists", "nosuch"], stderr: "", status: 1),
        Case(arguments: ["rmi", "nosuch"], stderr: "Error: nosuch: image not known\n", status: 1),
        Case(arguments: ["history", "nosuch"], stderr: "Error: nosuch: image not known\n"),
        Case(arguments: ["tag", "nosuch", "x"], stderr: "Error: nosuch: image not known\n"),
        Case(arguments: ["untag", "nosuch"], stderr: "Error: nosuch: image not known\n"),
        Case(arguments: ["volume", "rm", "nosuch"], stderr: "Error: no volume with name \"nosuch\" found: no such volume\n", status: 1),
    ]

    @Test("a missing object is reported as Podman reports it", arguments: cases)
    func missing(_ c: Case) throws {
        let store = TestStore("notfound")
        let r = try store.berth(c.arguments)
        #expect(r.stderr == c.stderr)
        #expect(r.status == c.status)
        #expect(r.stdout == "")
    }
}
