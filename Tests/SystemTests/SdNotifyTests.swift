import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Podman's `test/system/260-sdnotify.bats` under a real systemd: every
/// mode as a `Type=notify` unit, asserting what systemd makes of it (when
/// the unit becomes active, its main PID, its status text, its result).
@Suite("System: sd_notify modes under systemd (260-sdnotify.bats)",
       .enabled(if: SystemTestSupport.canBoot && SystemTestSupport.hasCompiler,
                "needs root, sdbox, runc, busybox-static, a C compiler (the static sd-notify helper) and the built berth"))
struct SdNotifyTests {
    static let shared = SharedBox.make("sdnotify")
    let image = SharedBox.image

    private func box() throws -> Box { try SdNotifyTests.shared.get() }

    /// A script bound read-only at /scripts/NAME in the container (no
    /// quoting through unit-file syntax).
    private func script(_ box: Box, _ name: String, _ text: String) throws {
        let dir = box.root + "/srv/scripts"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(("#!/bin/sh\n" + text + "\n").utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        chmod(dir + "/" + name, 0o755)
    }

    private func unit(_ box: Box, _ name: String, script: String, container: String = "", service: String = "") throws {
        try box.writeQuadlet(name + ".container", """
            [Container]
            Image=\(image)
            Network=none
            StopTimeout=1
            Volume=/srv/scripts:/scripts:ro
            Exec=/scripts/\(script)
            \(container)
            [Service]
            \(service)
            """)
    }

    private func mode(_ box: Box, _ container: String) throws -> String {
        try box.berth("container", "inspect", "--format", "{{.Config.SdNotifyMode}}", container).out
    }

    @Test("ignore: the container gets no NOTIFY_SOCKET, whatever berth's own is")
    func ignore() throws {
        let box = try box()
        let created = try box.exec("env", "NOTIFY_SOCKET=/run/ignore.sock", "berth", "create", "--rm", "--network", "none",
                                   "--sdnotify=ignore", image, "sh", "-c", "echo \"[$NOTIFY_SOCKET]\"")
        try #require(created.status == 0, "\(created.stderr)")
        #expect(try mode(box, created.out) == "ignore")
        let started = try box.exec("env", "NOTIFY_SOCKET=/run/ignore.sock", "berth", "start", "--attach", created.out)
        #expect(started.out == "[]", "\(started.stderr)")
    }

    @Test("conmon (the default): READY=1 once the container runs, the monitor is the main PID, the container sees no NOTIFY_SOCKET")
    func conmon() throws {
        let box = try box()
        try script(box, "conmon.sh", "echo \"[$NOTIFY_SOCKET]\"; echo READY; exec sleep 999")
        try unit(box, "sdconmon", script: "conmon.sh")
        try box.reload()
        #expect(try box.exec("systemctl", "start", "sdconmon.service").status == 0)
        #expect(try box.property("sdconmon.service", "ActiveState") == "active")
        #expect(try mode(box, "systemd-sdconmon") == "conmon")
        let mainPid = try box.property("sdconmon.service", "MainPID")
        #expect(try box.berth("container", "inspect", "--format", "{{.State.ConmonPid}}", "systemd-sdconmon").out == mainPid)
        #expect(try box.exec("cat", "/proc/\(mainPid)/comm").out == "conmon-swift")
        _ = try box.journal(["-u", "sdconmon.service"], until: "READY")
        #expect(try box.berth("logs", "systemd-sdconmon").out == "[]\nREADY")
        #expect(try box.exec("systemctl", "stop", "sdconmon.service").status == 0)
    }

    @Test("container (Notify=true): activating until the workload's READY=1; its STATUS= is relayed, its MAINPID= is not")
    func container() throws {
        let box = try box()
        try script(box, "container.sh", """
            echo "[$NOTIFY_SOCKET]"
            while ! test -f /tmp/go; do sleep 0.1; done
            sd-notify "$(printf 'MAINPID=1\\nSTATUS=ready now\\nREADY=1')"
            exec sleep 999
            """)
        try unit(box, "sdcontainer", script: "container.sh", container: "Notify=true")
        try box.reload()
        #expect(try box.exec("systemctl", "start", "--no-block", "sdcontainer.service").status == 0)
        _ = try box.journal(["-u", "sdcontainer.service"], until: "[/run/notify/notify.sock]")
        #expect(try box.berth("logs", "systemd-sdcontainer").out == "[/run/notify/notify.sock]", "NOTIFY_SOCKET is passed to the container")
        #expect(try mode(box, "systemd-sdcontainer") == "container")
        #expect(try box.property("sdcontainer.service", "ActiveState") == "activating", "not ready before the workload says so")
        let monitor = try box.berth("container", "inspect", "--format", "{{.State.ConmonPid}}", "systemd-sdcontainer").out
        #expect(try box.property("sdcontainer.service", "MainPID") == monitor, "the main PID is the monitor's before READY")

        #expect(try box.berth("exec", "systemd-sdcontainer", "touch", "/tmp/go").status == 0)
        #expect(try box.waitForState("sdcontainer.service", ["active", "failed"]) == "active")
        #expect(try box.property("sdcontainer.service", "StatusText") == "ready now")
        #expect(try box.property("sdcontainer.service", "MainPID") == monitor, "MAINPID from the container is refused")
        #expect(try box.exec("systemctl", "stop", "sdcontainer.service").status == 0)
    }

    @Test("healthy (Notify=healthy): READY=1 when the first healthcheck passes")
    func healthy() throws {
        let box = try box()
        try script(box, "healthy.sh", "sleep 1; touch /tmp/ok; exec sleep 999")
        try unit(box, "sdhealthy", script: "healthy.sh", container: "Notify=healthy\nHealthCmd=test -e /tmp/ok\nHealthInterval=1s")
        try box.reload()
        #expect(try box.exec("systemctl", "start", "sdhealthy.service").status == 0)
        #expect(try box.property("sdhealthy.service", "ActiveState") == "active")
        #expect(try mode(box, "systemd-sdhealthy") == "healthy")
        #expect(try box.berth("inspect", "--format", "{{.State.Health.Status}}", "systemd-sdhealthy").out == "healthy")
        #expect(try box.exec("systemctl", "stop", "sdhealthy.service").status == 0)
    }

    @Test("healthy: a unit whose check never passes fails at TimeoutStartSec")
    func neverHealthy() throws {
        let box = try box()
        try script(box, "never.sh", "trap 'exit 0' TERM; while :; do sleep 0.1; done")
        try unit(box, "sdnever", script: "never.sh", container: "Notify=healthy\nHealthCmd=false\nHealthInterval=1s",
                 service: "TimeoutStartSec=3")
        try box.reload()
        #expect(try box.exec("systemctl", "start", "sdnever.service").status != 0)
        #expect(try box.waitForState("sdnever.service", ["failed", "inactive"]) == "failed")
        #expect(try box.property("sdnever.service", "Result") == "timeout")
        _ = try box.exec("systemctl", "reset-failed", "sdnever.service")
    }

    @Test("WATCHDOG=1 from the workload is relayed: with WatchdogSec= a pinging unit stays active, a silent one fails with result watchdog")
    func watchdog() throws {
        let box = try box()
        try script(box, "pinger.sh", "sd-notify READY=1; while :; do sd-notify WATCHDOG=1; sleep 0.2; done")
        try script(box, "silent.sh", "sd-notify READY=1; exec sleep 999")
        try unit(box, "sdpinger", script: "pinger.sh", container: "Notify=true", service: "WatchdogSec=1")
        try unit(box, "sdsilent", script: "silent.sh", container: "Notify=true", service: "WatchdogSec=1")
        try box.reload()
        #expect(try box.exec("systemctl", "start", "sdpinger.service", "sdsilent.service").status == 0)
        #expect(try box.waitForState("sdsilent.service", ["failed"]) == "failed")
        #expect(try box.property("sdsilent.service", "Result") == "watchdog")
        #expect(try box.property("sdpinger.service", "ActiveState") == "active", "pinged all along (the silent one took more than WatchdogSec to fail)")
        #expect(try box.exec("systemctl", "stop", "sdpinger.service").status == 0)
        _ = try box.exec("systemctl", "reset-failed", "sdsilent.service")
    }

    @Test("kube play: service container without and with sd_notify policies; exit-code propagation", .disabled("kube play runs, but per-container sd_notify annotations and --service-exit-code-propagation other than none are refused yet (issue 17)"))
    func kubePlay() throws {
        let box = try box()
        _ = try box.berth("kube", "play", "--service-container=true", "/root/test.yaml")
    }
}
