import Foundation
import Testing
@testable import Engine

@Suite("Containers: ps --filter before, since, volume and Podman's refusals",
       .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox, "needs the built berth binary and Debian's busybox-static"))
struct ContainerFilterTests {
    @Test("before= and since= select by creation order, volume= by volume name or destination")
    func filters() throws {
        let store = TestStore("ps-filter")
        let tar = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tar, "localhost/busybox:latest").status == 0)
        for name in ["one", "two", "three"] {
            let args = ["create", "--name", name] + (name == "two" ? ["-v", "data:/data"] : []) + ["localhost/busybox", "true"]
            #expect(try store.berth(args).status == 0)
        }
        func names(_ filter: String) throws -> [String] {
            try store.berth("ps", "-a", "--filter", filter, "--format", "{{.Names}}").stdout.split(separator: "\n").map(String.init).sorted()
        }
        #expect(try names("before=two") == ["one"])
        #expect(try names("since=two") == ["three"])
        #expect(try names("volume=data") == ["two"])
        #expect(try names("volume=/data") == ["two"])

        let missing = try store.berth("ps", "-a", "--filter", "before=nosuch")
        #expect(missing.status == 125)
        #expect(missing.stderr == "Error: no container with name or ID \"nosuch\" found: no such container\n")
        let unknown = try store.berth("ps", "--filter", "foo=bar")
        #expect(unknown.stderr == "Error: foo is an invalid filter\n")
        let state = try store.berth("ps", "--filter", "status=bogus")
        #expect(state.stderr == "Error: unknown container state: bogus: invalid argument\n")
    }
}
