import Foundation
import Generator
import Testing
import UnitParser

/// Same input, same bytes: systemd compares generated units across reloads,
/// and people diff them.
@Suite("Deterministic output")
struct DeterminismTests {
    static let files: [(String, String)] = [
        ("stack.pod", "[Pod]\nPublishPort=8080:80\nLabel=b=2 a=1\n"),
        ("web.container", """
            [Unit]
            Description=web
            [Container]
            Image=quay.io/x/web
            Pod=stack.pod
            Network=app.network
            Volume=data.volume:/data
            Environment=Z=26 A=1 M="thirteen x"
            Label=zz=1 aa=2
            Annotation=q=1 p=2
            [Install]
            WantedBy=multi-user.target default.target
            """),
        ("db.container", "[Container]\nImage=quay.io/x/db\nPod=stack.pod\nEnvironment=B=2 A=1\n[Install]\nRequiredBy=web.service\n"),
        ("cache.container", "[Container]\nImage=quay.io/x/cache\nPod=stack.pod\n"),
        ("app.network", "[Network]\nLabel=y=1 x=2\nOptions=mtu=1400 isolate=true\n"),
        ("data.volume", "[Volume]\nLabel=k=v j=w\n"),
        ("worker@.container", "[Container]\nImage=quay.io/x/w\n[Install]\nWantedBy=default.target\nDefaultInstance=1\n"),
        ("web.container.d/20.conf", "[Container]\nEnvironment=DROP=2\n"),
        ("web.container.d/10.conf", "[Container]\nEnvironment=DROP=1\n"),
        ("container.d/05.conf", "[Service]\nRestart=always\n"),
    ]

    /// Every file below `dir` with its contents (link targets for links).
    static func snapshot(_ dir: TempDir) -> [String: String] {
        var result: [String: String] = [:]
        for path in dir.listing() {
            if let target = dir.linkTarget(path) {
                result[path] = "-> " + target
            } else if let text = dir.read(path) {
                result[path] = text
            } else {
                result[path] = "<dir>"
            }
        }
        return result
    }

    @Test func twoConversionsGiveIdenticalText() {
        let dir = TempDir("det")
        for (name, text) in Self.files { dir.write(name, text) }
        let first = Harness.generate(dir)
        let second = Harness.generate(dir)
        #expect(!first.failed)
        #expect(first.names == second.names)
        #expect(first.services.map(\.unit.text) == second.services.map(\.unit.text))
    }

    @Test func outputDoesNotDependOnTheOrderFilesWereCreated() throws {
        let source = TempDir("det-src")
        let unitDir = source.path + "/units"
        let firstOutput = TempDir("det-out1")
        let secondOutput = TempDir("det-out2")

        for (name, text) in Self.files { source.write("units/" + name, text) }
        #expect(try Harness.run([unitDir], into: firstOutput.path) == 0)

        // Same paths, created again in the opposite order.
        try FileManager.default.removeItem(atPath: unitDir)
        for (name, text) in Self.files.reversed() { source.write("units/" + name, text) }
        #expect(try Harness.run([unitDir], into: secondOutput.path) == 0)

        let first = Self.snapshot(firstOutput)
        let second = Self.snapshot(secondOutput)
        #expect(first.count > 8)
        #expect(first == second)
    }

    @Test func assignmentOrderInTheFileDoesNotChangeTheCommand() throws {
        let dir = TempDir("det-order")
        dir.write("one.container", "[Container]\nImage=quay.io/x/y\nEnvironment=A=1 B=2 C=3\nLabel=x=1\nLabel=y=2\n")
        dir.write("two.container", "[Container]\nImage=quay.io/x/y\nEnvironment=C=3\nEnvironment=B=2 A=1\nLabel=y=2 x=1\n")
        let result = Harness.generate(dir)
        #expect(try result.command("one.service") == (try result.command("two.service")))
    }
}
