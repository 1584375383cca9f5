import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// `--uidmap`/`--gidmap`, `--userns=auto`, `--subuidname`: the container
/// runs in a user namespace, its root file system shifted to match.
@Suite("Containers: user namespaces", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ContainerUserNamespaceTests {
    /// The first id column of /proc/PID/status `Uid:` (the host's view).
    static func hostUID(_ pid: String) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.map(String.init)
    }

    static func owner(_ path: String) -> UInt32? {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_uid : nil
    }

    /// berth with the subordinate id files pointed at `dir`'s.
    static func berth(_ store: TestStore, _ arguments: [String]) throws -> EngineTestSupport.Result {
        try EngineTestSupport.run("/usr/bin/env", ["BERTH_SUBUID_FILE=\(store.dir)/subuid", "BERTH_SUBGID_FILE=\(store.dir)/subgid",
                                                  EngineTestSupport.berth!] + store.globalArguments + arguments)
    }

    @Test("--uidmap: root in the container is the mapped host uid, owns its (shifted) files, and can write them; restarts do not shift again")
    func explicitMaps() throws {
        let store = try ContainerTestSupport.store("ct-userns")
        let refused = try store.berth("run", "--rm", "--uidmap", "0:100000:65536", "localhost/busybox", "true")
        #expect(refused.status != 0 && refused.stderr.contains("chmod o+x"), "a private store directory is named: \(refused.stderr)")
        chmod(store.dir, 0o711)
        // On the default bridge network (a namespace made before the user
        // namespace): /sys is the host's, bound, as sysfs cannot be mounted.
        let bridged = try store.berth("run", "--rm", "--uidmap", "0:100000:65536", "localhost/busybox", "cat", "/proc/self/uid_map")
        #expect(bridged.status == 0 && bridged.out.split(whereSeparator: \.isWhitespace) == ["0", "100000", "65536"], "\(bridged.stderr)")
        // `exec` below: runc 1.1 joins the user namespace before a network
        // namespace it does not own, so exec needs the container's own (none).
        let run = try store.berth("run", "-d", "--name", "mapped", "--network", "none", "--uidmap", "0:100000:65536", "-v", "nsvol:/data", "localhost/busybox", "sh", "-c",
                                  "touch /tmp/w /root/w /data/w && echo hi > /etc/hosts && id -u > /tmp/id; sleep 1000")
        try #require(run.status == 0, "\(run.stderr)")
        let pid = try store.berth("inspect", "--format", "{{.State.Pid}}", "mapped").out
        #expect(try store.berth("exec", "mapped", "cat", "/proc/self/uid_map").out.split(whereSeparator: \.isWhitespace) == ["0", "100000", "65536"])
        #expect(try store.berth("exec", "mapped", "cat", "/proc/self/gid_map").out.split(whereSeparator: \.isWhitespace) == ["0", "100000", "65536"],
                "--gidmap defaults to --uidmap")
        #expect(Self.hostUID(pid) == "100000")
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.UsernsMode}} {{.HostConfig.IDMappings.UidMap}} {{.HostConfig.IDMappings.GidMap}}", "mapped").out
                == "private [0:100000:65536] [0:100000:65536]")
        #expect(Self.owner("/proc/\(pid)/root/bin/busybox") == 100000, "image files are shifted")
        #expect(try ContainerTestSupport.eventually { try store.berth("exec", "mapped", "cat", "/tmp/id").out == "0" })
        #expect(try store.berth("exec", "mapped", "ls", "/root/w").status == 0, "root writes its own directories")
        #expect(try store.berth("exec", "mapped", "ls", "/data/w").status == 0, "and a new named volume")

        #expect(try store.berth("stop", "-t", "0", "mapped").status == 0)
        #expect(try store.berth("start", "mapped").status == 0)
        let again = try store.berth("inspect", "--format", "{{.State.Pid}}", "mapped").out
        #expect(Self.owner("/proc/\(again)/root/bin/busybox") == 100000, "not shifted twice")
        #expect(try store.berth("rm", "-f", "-t", "0", "mapped").status == 0)
        #expect(ContainerTestSupport.mounts(under: store.dir) == [])
    }

    @Test("--userns=auto takes distinct ranges from /etc/subuid's \"containers\"; --subuidname maps a user's ranges")
    func automatic() throws {
        let store = try ContainerTestSupport.store("ct-userns-auto")
        chmod(store.dir, 0o711)
        for file in ["subuid", "subgid"] {
            try Data("containers:300000:200000\nalice:700000:65536\n".utf8).write(to: URL(fileURLWithPath: store.dir + "/" + file))
        }
        var maps: [[Substring]] = []
        for (name, mode) in [("a1", "auto"), ("a2", "auto:size=5000")] {
            let run = try Self.berth(store, ["run", "-d", "--name", name, "--network", "none", "--userns", mode, "localhost/busybox", "sleep", "1000"])
            try #require(run.status == 0, "\(run.stderr)")
            maps.append(try store.berth("exec", name, "cat", "/proc/self/uid_map").out.split(whereSeparator: \.isWhitespace))
        }
        #expect(maps[0].count == 3 && maps[1].count == 3)
        #expect(maps[0].first == "0" && maps[1] == ["0", maps[1][1], "5000"])
        let start0 = Int(maps[0][1]) ?? 0, size0 = Int(maps[0][2]) ?? 0, start1 = Int(maps[1][1]) ?? 0
        #expect(start0 >= 300000 && start1 >= 300000 && start1 + 5000 <= 500000)
        #expect(start0 + size0 <= start1 || start1 + 5000 <= start0, "ranges do not overlap")
        #expect(size0 >= 1024)

        let sub = try Self.berth(store, ["run", "--rm", "--subuidname", "alice", "localhost/busybox", "cat", "/proc/self/uid_map"])
        #expect(sub.out.split(whereSeparator: \.isWhitespace) == ["0", "700000", "65536"], "\(sub.stderr)")
        let none = try Self.berth(store, ["run", "--rm", "--subuidname", "bob", "localhost/busybox", "true"])
        #expect(none.status != 0 && none.stderr.contains("bob"))
    }

    @Test("modes berth does not implement are refused clearly")
    func refusals() throws {
        let store = try ContainerTestSupport.store("ct-userns-no")
        for (args, words) in [(["--userns=keep-id"], "rootless"), (["--userns=nomap"], "rootless"), (["--userns=ns:/proc/1/ns/user"], "not supported"),
                              (["--uidmap", "0:1:x"], "--uidmap"), (["--userns=auto", "--uidmap", "0:100000:10"], "cannot be combined")] {
            let r = try store.berth(["create"] + args + ["localhost/busybox", "true"])
            #expect(r.status != 0 && r.stderr.contains(words), "\(args): \(r.stderr)")
        }
    }
}
