import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI

/// Podman's flags berth parses but cannot honour are refused, naming the
/// flag, before anything is done; the values berth does honour are accepted.
@Suite("CLI: flags berth cannot honour are refused", .enabled(if: EngineTestSupport.hasBerth, "needs the built berth binary"))
struct FlagRefusalTests {
    @Test("each refused flag fails with status 125 and names itself", arguments: [
        (["container", "cleanup", "--exec", "session", "c"], "--exec"),
        (["run", "--rootfs", "/srv/rootfs", "true"], "--rootfs"),
    ])
    func refused(arguments: [String], flag: String) throws {
        let store = TestStore("flags")
        let r = try store.berth(arguments)
        #expect(r.status == 125, "\(arguments): \(r.stderr)")
        #expect(r.stderr.hasPrefix("Error: \(flag) is not supported yet"), "\(arguments): \(r.stderr)")
    }

    @Test("what berth does is accepted: --sig-proxy=false, --detach-keys \"\", import --os linux --arch of this machine")
    func accepted() throws {
        let store = TestStore("flags-ok")
        let start = try store.berth("start", "--sig-proxy=false", "--detach-keys", "", "nosuch")
        #expect(!start.stderr.contains("not supported"), "\(start.stderr)")
        #expect(start.stderr.contains("nosuch"), "the container is looked up: \(start.stderr)")
        if EngineTestSupport.hasBusybox {
            let tar = try EngineTestSupport.busyboxTarball(in: store.dir)
            let imported = try store.berth("import", "--os", "linux", "--arch", ImageStore.hostArchitecture, tar, "localhost/flags")
            #expect(imported.status == 0, "\(imported.stderr)")
        }
    }

    @Test("save --compress is Podman's error: berth writes archives only")
    func saveCompress() throws {
        let store = TestStore("flags-save")
        let r = try store.berth("save", "--compress", "-o", store.dir + "/x.tar", "localhost/none")
        #expect(r.status == 125)
        #expect(r.stderr.contains("--compress can only be set when --format is 'oci-dir' or 'docker-dir'"), "\(r.stderr)")
    }

    @Test("top --latest needs no container name: with none created it says so")
    func topLatest() throws {
        let store = TestStore("flags-top")
        let r = try store.berth("top", "--latest")
        #expect(r.status == 125)
        #expect(r.stderr == "Error: top --latest: there are no containers\n", "\(r.stderr)")
    }
}
