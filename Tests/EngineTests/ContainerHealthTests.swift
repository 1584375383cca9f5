import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// `--health-*`: periodic checks run by the monitor, `healthcheck run`,
/// status in `inspect` and `ps`, and `--health-on-failure`. Intervals are
/// short; every wait is a bounded poll, never a pass/fail criterion.
@Suite("Containers: healthchecks", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ContainerHealthTests {
    static func health(_ store: TestStore, _ name: String) throws -> String {
        try store.berth("inspect", "--format", "{{.State.Health.Status}}", name).out
    }

    @Test("periodic checks: unhealthy after the retries, healthy once the check passes; ps, inspect and healthcheck run agree")
    func periodic() throws {
        let store = try ContainerTestSupport.store("ct-health")
        let run = try store.berth("run", "-d", "--name", "hc", "--health-cmd", "test -e /tmp/ok && echo fine",
                                  "--health-interval", "1s", "--health-retries", "2", "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        // Nothing passes yet: the monitor's checks count failures up to the retries.
        #expect(try ContainerTestSupport.eventually { try Self.health(store, "hc") == "unhealthy" })
        let streak = Int(try store.berth("inspect", "--format", "{{.State.Health.FailingStreak}}", "hc").out) ?? 0
        #expect(streak >= 2)
        #expect(try store.berth("ps", "--format", "{{.Status}}").out.hasSuffix("(unhealthy)"))
        let manual = try store.berth("healthcheck", "run", "hc")
        #expect(manual.status == 1)
        #expect(manual.out == "unhealthy")

        #expect(try store.berth("exec", "hc", "touch", "/tmp/ok").status == 0)
        #expect(try ContainerTestSupport.eventually { try Self.health(store, "hc") == "healthy" })
        #expect(try store.berth("ps", "--format", "{{.Status}}").out.hasSuffix("(healthy)"))
        #expect(try store.berth("ps", "--filter", "health=healthy", "--format", "{{.Names}}").out == "hc")
        #expect(try store.berth("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}").out == "")
        #expect(try store.berth("healthcheck", "run", "hc").status == 0)
        let log = try store.berth("inspect", "--format", "{{json .State.Health.Log}}", "hc").out
        let entries = try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [[String: Any]] ?? []
        #expect(!entries.isEmpty && entries.count <= 5)
        #expect(entries.last?["ExitCode"] as? Int == 0)
        #expect(entries.last?["Output"] as? String == "fine")
        #expect(try store.berth("inspect", "--format", "{{.State.Health.FailingStreak}}", "hc").out == "0")
        #expect(try store.berth("inspect", "--format", "{{json .Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}} {{.Config.Healthcheck.Retries}} {{.Config.HealthcheckOnFailureAction}}", "hc").out
                == "[\"CMD-SHELL\",\"test -e /tmp/ok && echo fine\"] 1000000000 2 none")
        #expect(try store.berth("rm", "-f", "-t", "0", "hc").status == 0)
    }

    @Test("--health-interval disable: no periodic checks, healthcheck run still works; containers without one are refused")
    func manualOnly() throws {
        let store = try ContainerTestSupport.store("ct-health-manual")
        let run = try store.berth("run", "-d", "--name", "m", "--health-cmd", "[\"CMD\", \"true\"]", "--health-interval", "disable",
                                  "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        #expect(try Self.health(store, "m") == "starting")
        #expect(try store.berth("ps", "--format", "{{.Status}}").out.hasSuffix("(starting)"))
        #expect(try store.berth("healthcheck", "run", "m").status == 0)
        #expect(try Self.health(store, "m") == "healthy")
        let log = try store.berth("inspect", "--format", "{{len .State.Health.Log}}", "m").out
        #expect(log == "1", "only the manual check ran")
        // Nobody runs checks by themselves: the monitor got no interval (the default is 30 s).
        let monitor = try store.berth("inspect", "--format", "{{.State.ConmonPid}}", "m").out
        let cmdline = try String(contentsOfFile: "/proc/\(monitor)/cmdline", encoding: .utf8)
        #expect(cmdline.contains("conmon-swift") && !cmdline.contains("--healthcheck-interval"), "\(cmdline)")

        _ = try store.berth("run", "-d", "--name", "plain", "localhost/busybox", "sleep", "1000")
        let none = try store.berth("healthcheck", "run", "plain")
        #expect(none.status == 125)
        #expect(none.stderr.contains("no defined healthcheck"))
        #expect(try store.berth("ps", "--filter", "health=none", "--format", "{{.Names}}").out == "plain")
        let plainStatus = try store.berth("ps", "--filter", "name=plain", "--format", "{{.Status}}").out
        #expect(!plainStatus.contains("("), "no health in ps for containers without a healthcheck: \(plainStatus)")

        let startup = try store.berth("create", "--health-startup-cmd", "true", "localhost/busybox", "true")
        #expect(startup.status != 0 && startup.stderr.contains("--health-startup-cmd"), "a startup check needs a regular one")
        let action = try store.berth("create", "--health-cmd", "true", "--health-on-failure", "reboot", "localhost/busybox", "true")
        #expect(action.status != 0 && action.stderr.contains("--health-on-failure"))
    }

    @Test("--health-max-log-count/-size bound the results; --health-log-destination keeps them in a directory until rm")
    func logLimits() throws {
        let store = try ContainerTestSupport.store("ct-health-log")
        let dir = store.dir + "/health"
        try FileSystem.makeDirectories(dir)
        let run = try store.berth("run", "-d", "--name", "lim", "--health-cmd", "echo 0123456789", "--health-interval", "disable",
                                  "--health-max-log-count", "2", "--health-max-log-size", "4", "--health-log-destination", dir,
                                  "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        for _ in 0..<3 { #expect(try store.berth("healthcheck", "run", "lim").status == 0) }
        let log = try store.berth("inspect", "--format", "{{json .State.Health.Log}}", "lim").out
        let entries = try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [[String: Any]] ?? []
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0["Output"] as? String == "0123" })
        #expect(FileSystem.exists(dir + "/" + run.out + "-healthcheck.log"))
        #expect(try store.berth("rm", "-f", "-t", "0", "lim").status == 0)
        #expect(!FileSystem.exists(dir + "/" + run.out + "-healthcheck.log"))
        let bad = try store.berth("create", "--health-cmd", "true", "--health-log-destination", "events_logger", "localhost/busybox", "true")
        #expect(bad.status != 0 && bad.stderr.contains("--health-log-destination"))
    }

    @Test("--health-startup-*: starting until the startup check passes often enough, then the regular checks; failing ones restart the container")
    func startupChecks() throws {
        let store = try ContainerTestSupport.store("ct-health-startup")
        let run = try store.berth("run", "-d", "--name", "st", "--health-cmd", "echo regular", "--health-interval", "1s",
                                  "--health-startup-cmd", "test -e /tmp/up && echo startup", "--health-startup-interval", "200ms",
                                  "--health-startup-success", "2", "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        func log() throws -> [[String: Any]] {
            let text = try store.berth("inspect", "--format", "{{json .State.Health.Log}}", "st").out
            return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
        }
        // Startup checks fail and do not make it unhealthy; the regular one has not run.
        #expect(try ContainerTestSupport.eventually { try log().count >= 2 })
        #expect(try Self.health(store, "st") == "starting")
        #expect(try log().allSatisfy { $0["ExitCode"] as? Int == 1 })
        #expect(try store.berth("exec", "st", "touch", "/tmp/up").status == 0)
        #expect(try ContainerTestSupport.eventually { try Self.health(store, "st") == "healthy" })
        let outputs = try log().compactMap { $0["Output"] as? String }
        #expect(outputs.filter { $0 == "startup" }.count >= 2, "two startup passes first: \(outputs)")
        #expect(outputs.last == "regular")

        let failing = try store.berth("run", "-d", "--name", "sr", "--health-cmd", "true", "--health-startup-cmd", "false",
                                      "--health-startup-interval", "200ms", "--health-startup-retries", "2", "--stop-timeout", "1",
                                      "localhost/busybox", "sleep", "1000")
        try #require(failing.status == 0, "\(failing.stderr)")
        #expect(try ContainerTestSupport.eventually { try store.berth("inspect", "--format", "{{.RestartCount}}", "sr").out != "0" })
        #expect(try store.berth("rm", "-f", "-t", "0", "st", "sr").status == 0)
    }

    @Test("the image's HEALTHCHECK applies unless --health-cmd or --no-healthcheck replaces it; --health-* flags override its values")
    func imageHealthcheck() throws {
        let store = try ContainerTestSupport.store("ct-health-image")
        let dir = store.dir + "/archive"
        try FileSystem.makeDirectories(dir)
        let layer = try ContainerTestSupport.tarball(in: store.dir)
        _ = try EngineTestSupport.run("/bin/cp", [layer, dir + "/layer.tar"])
        let sum = try EngineTestSupport.run("/usr/bin/sha256sum", [dir + "/layer.tar"]).out.split(separator: " ").first.map(String.init) ?? ""
        let config = #"{"architecture":"amd64","os":"linux","config":{"Cmd":["sleep","1000"],"Healthcheck":{"Test":["CMD-SHELL","test -e /tmp/ok"],"Interval":1000000000,"Retries":1}},"rootfs":{"type":"layers","diff_ids":["sha256:\#(sum)"]}}"#
        try Data(config.utf8).write(to: URL(fileURLWithPath: dir + "/c.json"))
        try Data(#"[{"Config":"c.json","RepoTags":["localhost/hc:1"],"Layers":["layer.tar"]}]"#.utf8).write(to: URL(fileURLWithPath: dir + "/manifest.json"))
        #expect(try EngineTestSupport.run("/bin/tar", ["-cf", dir + "/img.tar", "-C", dir, "manifest.json", "c.json", "layer.tar"]).status == 0)
        let loaded = try store.berth("load", "-i", dir + "/img.tar")
        try #require(loaded.status == 0, "\(loaded.stderr)")

        #expect(try store.berth("run", "-d", "--name", "img", "localhost/hc:1").status == 0)
        #expect(try store.berth("inspect", "--format", "{{json .Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}} {{.Config.Healthcheck.Retries}}", "img").out
                == #"["CMD-SHELL","test -e /tmp/ok"] 1000000000 1"#)
        #expect(try ContainerTestSupport.eventually { try Self.health(store, "img") == "unhealthy" }, "the image's check runs every second")

        #expect(try store.berth("run", "-d", "--name", "off", "--no-healthcheck", "localhost/hc:1").status == 0)
        #expect(try store.berth("healthcheck", "run", "off").status == 125)
        #expect(try store.berth("run", "-d", "--name", "own", "--health-cmd", "true", "--health-interval", "disable", "localhost/hc:1").status == 0)
        #expect(try store.berth("healthcheck", "run", "own").status == 0, "--health-cmd replaces the image's")
        #expect(try store.berth("inspect", "--format", "{{.Config.Healthcheck.Retries}}", "own").out == "3", "as in Podman, a --health-cmd comes with the flags' defaults")
        #expect(try store.berth("run", "-d", "--name", "slow", "--health-retries", "5", "localhost/hc:1").status == 0)
        #expect(try store.berth("inspect", "--format", "{{json .Config.Healthcheck.Test}} {{.Config.Healthcheck.Retries}}", "slow").out
                == #"["CMD-SHELL","test -e /tmp/ok"] 5"#, "flags override the image's values")
        #expect(try store.berth("rm", "-f", "-t", "0", "img", "off", "own", "slow").status == 0)
    }

    @Test("--health-on-failure: kill and stop end an unhealthy container, restart runs it again")
    func onFailure() throws {
        let store = try ContainerTestSupport.store("ct-health-fail")
        for action in ["kill", "stop", "restart"] {
            let run = try store.berth("run", "-d", "--name", action, "--health-cmd", "test -e /tmp/ok", "--health-interval", "1s",
                                      "--health-retries", "1", "--health-on-failure", action, "--stop-timeout", "1",
                                      "localhost/busybox", "sleep", "1000")
            try #require(run.status == 0, "\(run.stderr)")
        }
        #expect(try ContainerTestSupport.eventually { try store.berth("inspect", "--format", "{{.State.Status}}", "kill").out == "exited" })
        #expect(try store.berth("inspect", "--format", "{{.State.ExitCode}}", "kill").out == "137")
        #expect(try ContainerTestSupport.eventually { try store.berth("inspect", "--format", "{{.State.Status}}", "stop").out == "exited" })
        #expect(try ContainerTestSupport.eventually {
            try store.berth("inspect", "--format", "{{.RestartCount}}", "restart").out != "0"
        })
        #expect(try ContainerTestSupport.eventually {
            try store.berth("inspect", "--format", "{{.State.Status}}", "restart").out == "running"
        })
        #expect(try store.berth("rm", "-f", "-t", "0", "restart").status == 0)
    }
}
