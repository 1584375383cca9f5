import Testing
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Engine: image references")
struct ImageReferenceTests {
    struct Case: Sendable, CustomStringConvertible {
        var input: String
        var normalized: String
        var description: String { input }
    }

    @Test("short and full names normalize like Podman", arguments: [
        Case(input: "busybox", normalized: "docker.io/library/busybox:latest"),
        Case(input: "busybox:1.36", normalized: "docker.io/library/busybox:1.36"),
        Case(input: "library/busybox", normalized: "docker.io/library/busybox:latest"),
        Case(input: "someone/app", normalized: "docker.io/someone/app:latest"),
        Case(input: "docker.io/busybox", normalized: "docker.io/library/busybox:latest"),
        Case(input: "quay.io/podman/hello:v1", normalized: "quay.io/podman/hello:v1"),
        Case(input: "localhost/x", normalized: "localhost/x:latest"),
        Case(input: "localhost:5000/a/b:c", normalized: "localhost:5000/a/b:c"),
        Case(input: "registry.example.com:443/ns/img",
             normalized: "registry.example.com:443/ns/img:latest"),
        Case(input: "busybox@sha256:" + String(repeating: "a", count: 64),
             normalized: "docker.io/library/busybox@sha256:" + String(repeating: "a", count: 64)),
        Case(input: "a/b-c_d.e__f:tag-1.x", normalized: "docker.io/a/b-c_d.e__f:tag-1.x"),
    ])
    func normalizes(_ c: Case) throws {
        #expect(try ImageReference.parse(c.input).description == c.normalized)
    }

    @Test("names made here go to localhost/")
    func localNames() throws {
        #expect(try ImageReference.parseLocal("mybox").description == "localhost/mybox:latest")
        #expect(try ImageReference.parseLocal("quay.io/x/y:1").description == "quay.io/x/y:1")
    }

    @Test("hostile or malformed names are refused", arguments: [
        "", "../etc", "a/../b", "a/..", "Busybox", "busy box", "a\nb", "a\0b", "a//b", "a:", ":tag",
        "busybox@sha256:abc", "busybox@md5:" + String(repeating: "a", count: 32), "-a", "a-", "x:" + String(repeating: "t", count: 129),
    ])
    func refuses(_ input: String) {
        #expect(throws: EngineError.self) { try ImageReference.parse(input) }
    }
}
