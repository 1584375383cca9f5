import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A `.container` unit becomes a service under a real systemd 252: the
/// generator runs on daemon-reload, berth starts the container, conmon-swift
/// is the main process and logs to journald, stop removes the container.
@Suite("System: Quadlet units run under systemd in sdbox", .enabled(if: SystemTestSupport.canBoot, SystemTestSupport.reason))
struct ServiceTests {
    static let image = "localhost/berth-test/busybox:latest"

    /// A booted box with Berth installed and the test image imported.
    private func bootedBox(_ tag: String) throws -> Box {
        let box = try Box(tag)
        try Box.install(into: box.root)
        try SystemTestSupport.imageTarball(at: box.root + "/root/image.tar", scratch: box.scratch)
        let imported = try box.exec("berth", "import", "/root/image.tar", ServiceTests.image)
        try #require(imported.status == 0, "import: \(imported.stderr)")
        return box
    }

    @Test("start: active, generated, berth ps shows systemd-NAME, output in the journal with CONTAINER_NAME; stop removes it")
    func startLogStop() throws {
        let box = try bootedBox("svc")
        try box.writeUnit("hello.container", """
            [Container]
            Image=\(ServiceTests.image)
            Exec=sh -c 'echo hello from berth; trap "echo stopping; exit 0" TERM; while true; do sleep 0.1; done'
            Network=none
            """)
        #expect(try box.exec("systemctl", "daemon-reload").status == 0)
        #expect(try box.property("hello.service", "SourcePath") == "/etc/containers/systemd/hello.container")
        let start = try box.exec("systemctl", "start", "hello.service")
        #expect(start.status == 0, "\(start.stderr)")
        #expect(try box.property("hello.service", "ActiveState") == "active")
        let mainPid = try box.property("hello.service", "MainPID")
        #expect(try box.exec("cat", "/proc/\(mainPid)/comm").out == "conmon-swift", "the monitor is the main process")
        #expect(try box.exec("berth", "ps", "--format", "{{.Names}} {{.State}}").out == "systemd-hello running")

        var entries: [[String: Any]] = []
        for _ in 0..<100 {
            let journal = try box.exec("journalctl", "-u", "hello.service", "-o", "json", "--no-pager")
            entries = journal.stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }.filter { $0["CONTAINER_NAME"] as? String == "systemd-hello" }
            if !entries.isEmpty { break }
            usleep(50_000)
        }
        #expect(entries.contains { $0["MESSAGE"] as? String == "hello from berth" })
        #expect(try box.exec("berth", "logs", "systemd-hello").stdout == "hello from berth\n")

        #expect(try box.exec("systemctl", "stop", "hello.service").status == 0)
        #expect(try box.property("hello.service", "ActiveState") == "inactive")
        #expect(try box.exec("berth", "ps", "-a", "--format", "{{.Names}}").out == "", "stop removed the container")
        #expect(try box.exec("sh", "-c", "grep -c ' /var/lib/berth/overlay/' /proc/mounts").out == "0", "nothing left mounted")
    }

    @Test("journald logs come back as the stored bytes: invalid UTF-8, a last line without newline, --tail")
    func journaldBytes() throws {
        let box = try bootedBox("jbytes")
        let run = try box.exec("berth", "run", "--name", "bytes", "--log-driver", "journald", ServiceTests.image,
                               "printf", "one\\377\\376\\ntwo\\303\\050\\nend")
        #expect(run.status == 0, "\(run.stderr)")
        func hex(_ arguments: String) throws -> String {
            try box.exec("sh", "-c", "berth logs \(arguments) bytes | od -An -tx1 | tr -d ' \\n'").out
        }
        let expected = "6f6e65fffe0a74776fc3280a656e64"
        var all = ""
        for _ in 0..<100 {
            all = try hex("")
            if all == expected { break }
            usleep(50_000)
        }
        #expect(all == expected, "the journal's bytes unchanged")
        #expect(try hex("--tail 1") == "74776fc3280a656e64", "the last whole line and the unfinished one")
    }

    @Test("a container exiting 3 leaves the unit failed with status 3")
    func exitStatus() throws {
        let box = try bootedBox("exit")
        try box.writeUnit("three.container", """
            [Container]
            Image=\(ServiceTests.image)
            Exec=sh -c 'echo exiting; exit 3'
            Network=none
            """)
        #expect(try box.exec("systemctl", "daemon-reload").status == 0)
        _ = try box.exec("systemctl", "start", "three.service")
        var state = ""
        for _ in 0..<200 {
            state = try box.property("three.service", "ActiveState")
            if state == "failed" { break }
            usleep(50_000)
        }
        #expect(state == "failed")
        #expect(try box.property("three.service", "ExecMainStatus") == "3")
        #expect(try box.exec("berth", "ps", "-a", "--format", "{{.Names}}").out == "", "--rm removed the container")
    }

    @Test(".volume dependency is created first; Notify=true waits for the workload's READY=1",
          .enabled(if: SystemTestSupport.hasCompiler, "needs a C compiler for the static sd-notify helper in the image"))
    func volumeAndNotify() throws {
        let box = try bootedBox("dep")
        try box.writeUnit("store.volume", "[Volume]\nLabel=app=test\n")
        try box.writeUnit("ready.container", """
            [Container]
            Image=\(ServiceTests.image)
            Volume=store.volume:/data
            Network=none
            Notify=true
            Exec=sh -c 'sleep 1; touch /data/before-ready; sd-notify READY=1; while true; do sleep 0.1; done'
            """)
        #expect(try box.exec("systemctl", "daemon-reload").status == 0)
        let start = try box.exec("systemctl", "start", "ready.service")
        #expect(start.status == 0, "\(start.stderr)")
        #expect(try box.property("store-volume.service", "ActiveState") == "active")
        #expect(try box.exec("berth", "volume", "ls", "--format", "{{.Name}}").out == "systemd-store")
        #expect(try box.property("ready.service", "ActiveState") == "active")
        let mountpoint = try box.exec("berth", "volume", "inspect", "systemd-store", "--format", "{{.Mountpoint}}").out
        #expect(try box.exec("test", "-e", mountpoint + "/before-ready").status == 0,
                "systemctl start returned only after the workload said READY=1")
        #expect(try box.exec("systemctl", "stop", "ready.service").status == 0)
    }

    @Test("Notify=healthy: systemctl start returns once the healthcheck passes (failures in the start period do not count); the monitor's periodic checks find it unhealthy and HealthOnFailure=kill fails the unit")
    func healthy() throws {
        let box = try bootedBox("health")
        try box.writeUnit("hc.container", """
            [Container]
            Image=\(ServiceTests.image)
            Network=none
            Notify=healthy
            HealthCmd=test -e /tmp/ready
            HealthInterval=1s
            HealthRetries=1
            HealthStartPeriod=60s
            HealthOnFailure=kill
            Exec=sh -c 'sleep 1; touch /tmp/ready; while true; do sleep 0.1; done'
            """)
        #expect(try box.exec("systemctl", "daemon-reload").status == 0)
        let start = try box.exec("systemctl", "start", "hc.service")
        #expect(start.status == 0, "\(start.stderr) \((try? box.exec("journalctl", "-u", "hc.service", "--no-pager").stdout) ?? "")")
        #expect(try box.property("hc.service", "ActiveState") == "active")
        #expect(try box.exec("berth", "inspect", "--format", "{{.State.Health.Status}}", "systemd-hc").out == "healthy",
                "READY=1 came after a passing check")
        #expect(try box.exec("berth", "exec", "systemd-hc", "rm", "/tmp/ready").status == 0)
        var state = ""
        for _ in 0..<400 {
            state = try box.property("hc.service", "ActiveState")
            if state == "failed" { break }
            usleep(50_000)
        }
        #expect(state == "failed", "the failing check killed the container")
        #expect(try box.property("hc.service", "ExecMainStatus") == "137")
    }

    @Test("--cgroups=split under systemd: the container's cgroup is a child of the service's; limits without the controllers are refused clearly")
    func splitCgroup() throws {
        let box = try bootedBox("split")
        try box.writeUnit("plain.container", """
            [Container]
            Image=\(ServiceTests.image)
            Network=none
            Exec=sh -c 'trap "exit 0" TERM; while true; do sleep 0.1; done'
            """)
        try box.writeUnit("lim.container", """
            [Container]
            Image=\(ServiceTests.image)
            Network=none
            Memory=64m
            Exec=sh -c 'trap "exit 0" TERM; while true; do sleep 0.1; done'
            """)
        #expect(try box.exec("systemctl", "daemon-reload").status == 0)
        let start = try box.exec("systemctl", "start", "plain.service")
        #expect(start.status == 0, "\(start.stderr)")
        let pid = try box.exec("berth", "inspect", "--format", "{{.State.Pid}}", "systemd-plain").out
        let containerGroup = try box.unifiedCgroup(of: pid)
        #expect(containerGroup.hasPrefix("0::/system.slice/plain.service/berth-"), "\(containerGroup)")
        let mainPid = try box.property("plain.service", "MainPID")
        #expect(try box.unifiedCgroup(of: mainPid) == "0::/system.slice/plain.service", "the monitor stays in the service")
        #expect(try box.exec("systemctl", "stop", "plain.service").status == 0)

        // Where the host gives the box's cgroup v2 no memory controller (a
        // hybrid host), Memory= must fail saying so, not run without the limit.
        let controllers = try box.exec("cat", "/sys/fs/cgroup/system.slice/lim.service/cgroup.controllers").out
            + (try box.exec("cat", "/sys/fs/cgroup/system.slice/cgroup.subtree_control").out)
        if !controllers.contains("memory") {
            #expect(try box.exec("systemctl", "start", "lim.service").status != 0)
            let journal = try box.exec("journalctl", "-u", "lim.service", "--no-pager").stdout
            #expect(journal.contains("--memory needs the cgroup memory controller"), "\(journal)")
        }
    }

    @Test("outside systemd, on cgroup v2 only: the monitor starts in /berth/conmon (Podman's place for conmon), the container in its own cgroup beside it")
    func monitorCgroupOutsideSystemd() throws {
        let box = try bootedBox("conmon-cg")
        let run = try box.exec("berth", "run", "-d", "--name", "outside", ServiceTests.image, "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        let monitor = try box.exec("berth", "inspect", "--format", "{{.State.ConmonPid}}", "outside").out
        let pid = try box.exec("berth", "inspect", "--format", "{{.State.Pid}}", "outside").out
        #expect(try box.unifiedCgroup(of: monitor) == "0::/berth/conmon")
        #expect(try box.unifiedCgroup(of: pid) == "0::/berth/berth-" + run.out)
        #expect(try box.exec("berth", "rm", "-f", "-t", "0", "outside").status == 0)
        #expect(try box.exec("cat", "/sys/fs/cgroup/berth/conmon/cgroup.procs").out == "", "the monitor is gone with the container")
    }

    @Test("WantedBy=multi-user.target units start when the box boots")
    func bootStart() throws {
        let layer = "/tmp/berth-st-layer-\(getpid())-\(UInt16.random(in: 0...UInt16.max))"
        // Its own tmpfs: overlayfs refuses a lower layer inside another one (/).
        try FileManager.default.createDirectory(atPath: layer, withIntermediateDirectories: true)
        try #require(mount("tmpfs", layer, "tmpfs", 0, "size=256m,mode=0755") == 0, "mount tmpfs: \(errno)")
        defer {
            umount2(layer, Int32(MNT_DETACH))
            try? FileManager.default.removeItem(atPath: layer)
        }
        try FileManager.default.createDirectory(atPath: layer + "/srv/berth-test", withIntermediateDirectories: true)
        try Box.install(into: layer)
        // Whiteouts hide Podman's generators of the host layer below.
        for generator in ["system-generators/podman-system-generator", "user-generators/podman-user-generator"] {
            let path = layer + "/usr/lib/systemd/" + generator
            if FileManager.default.fileExists(atPath: "/usr/lib/systemd/" + generator) {
                try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                #expect(mknod(path, S_IFCHR | 0o000, 0) == 0)
            }
        }
        try SystemTestSupport.imageTarball(at: layer + "/srv/berth-test/image.tar", scratch: layer + "/scratch")
        try? FileManager.default.removeItem(atPath: layer + "/scratch")
        try FileManager.default.createDirectory(atPath: layer + "/etc/containers/systemd", withIntermediateDirectories: true)
        try Data("""
            [Container]
            Image=\(ServiceTests.image)
            Exec=sh -c 'echo booted; while true; do sleep 0.1; done'
            Network=none

            [Service]
            ExecStartPre=/usr/bin/berth import /srv/berth-test/image.tar \(ServiceTests.image)

            [Install]
            WantedBy=multi-user.target
            """.utf8).write(to: URL(fileURLWithPath: layer + "/etc/containers/systemd/atboot.container"))
        let box = try Box("boot", lower: layer)
        #expect(try box.property("atboot.service", "ActiveState") == "active")
        #expect(try box.exec("berth", "ps", "--format", "{{.Names}}").out == "systemd-atboot")
    }
}
