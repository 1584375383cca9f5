import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI

/// `exec --privileged`: as in Podman, the process gets every capability of
/// berth's own bounding set; a non-root user gets the bounding set only.
@Suite("Containers: exec --privileged", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ExecPrivilegedTests {
    /// A `CapXxx:` line of /proc/self/status.
    static func capability(_ name: String, in status: String) -> String? {
        status.split(separator: "\n").first { $0.hasPrefix(name + ":") }.map { $0.split(separator: "\t").last.map(String.init) ?? "" }
    }

    @Test("CapEff is our bounding set with --privileged, the container's set without")
    func capabilities() throws {
        let store = try ContainerTestSupport.store("exec-priv")
        #expect(try store.berth("run", "-d", "--name", "box", "localhost/busybox", "sleep", "1000").status == 0)
        let ours = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let bounding = try #require(Self.capability("CapBnd", in: ours))

        let privileged = try store.berth("exec", "--privileged", "box", "cat", "/proc/self/status")
        #expect(privileged.status == 0, "\(privileged.stderr)")
        #expect(Self.capability("CapEff", in: privileged.stdout) == bounding, "\(privileged.stdout)")
        #expect(Self.capability("CapBnd", in: privileged.stdout) == bounding)

        let plain = try store.berth("exec", "box", "cat", "/proc/self/status")
        #expect(Self.capability("CapEff", in: plain.stdout) == "00000000800405fb", "Podman's default set: \(plain.stdout)")

        let user = try store.berth("exec", "--privileged", "--user", "65534", "box", "cat", "/proc/self/status")
        #expect(Self.capability("CapEff", in: user.stdout) == "0000000000000000", "\(user.stdout)")
        #expect(Self.capability("CapBnd", in: user.stdout) == bounding)
    }
}
