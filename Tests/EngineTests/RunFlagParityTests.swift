import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// Podman's `run`/`create` flags for the process, its environment, its
/// namespaces and identity, checked from inside the running container.
@Suite("CLI: run flags with Podman's semantics", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct RunFlagParityTests {
    @Test("--oom-score-adj is the container process's oom_score_adj; inspect shows it; out of range is refused")
    func oomScoreAdj() throws {
        let store = try ContainerTestSupport.store("ct-oom")
        let run = try store.berth("run", "--name", "o", "--network", "none", "--oom-score-adj", "613", "localhost/busybox", "cat", "/proc/self/oom_score_adj")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "613\n")
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.OomScoreAdj}}", "o").stdout == "613\n")

        // Without the flag the container keeps berth's own value, as Podman does.
        let own = try String(contentsOfFile: "/proc/self/oom_score_adj", encoding: .utf8)
        let inherited = try store.berth("run", "--rm", "--network", "none", "localhost/busybox", "cat", "/proc/self/oom_score_adj")
        #expect(inherited.stdout == own)

        for bad in ["1001", "-1001"] {
            let refused = try store.berth("create", "--oom-score-adj", bad, "localhost/busybox", "true")
            #expect(refused.status == 125)
            #expect(refused.stderr.contains("oom_score_adj must be between -1000 and 1000"), "\(refused.stderr)")
        }
        #expect(try store.berth("ps", "-aq").stdout.split(separator: "\n").count == 1)
    }
}
