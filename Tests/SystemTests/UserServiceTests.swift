import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Rootless Quadlet: an ordinary user with subordinate ids and lingering in
/// the box; `berth-user-generator` turns their
/// `~/.config/containers/systemd/web.container` into a user service that
/// `systemctl --user` runs (podman 4.3 cannot here: its cgroup ownership
/// check fails on hybrid-cgroup hosts).
@Suite("System: rootless Quadlet user services (systemctl --user)",
       .enabled(if: SystemTestSupport.canBoot && SystemTestSupport.which("newuidmap") != nil && SystemTestSupport.which("pasta") != nil,
                "needs what the system tests need, plus newuidmap (uidmap) and pasta (passt)"))
struct UserServiceTests {
    static let user = "berthuser"

    @Test("web.container in ~/.config/containers/systemd: systemctl --user start runs it, its port answers on the box's loopback, journalctl --user -u web has its output with CONTAINER_NAME, stop leaves nothing")
    func webUserService() throws {
        let box = try Box("user")
        defer { box.stop() }
        try Box.install(into: box.root)
        let sdbox = SystemTestSupport.sdbox!
        let env = ["SDBOX_NAME": box.name]
        func uexec(_ arguments: String...) throws -> SystemTestSupport.Result {
            try SystemTestSupport.run(sdbox, ["uexec", UserServiceTests.user] + arguments, environment: env)
        }
        let setup = try SystemTestSupport.run(sdbox, ["user-setup", UserServiceTests.user], environment: env)
        try #require(setup.status == 0, "user-setup: \(setup.stderr)")

        try SharedBox.imageTarball(at: box.root + "/srv/berth-image.tar", scratch: box.scratch)
        chmod(box.root + "/srv/berth-image.tar", 0o644)
        let imported = try uexec("berth", "import", "/srv/berth-image.tar", SharedBox.image)
        try #require(imported.status == 0, "berth import as \(UserServiceTests.user): \(imported.stderr)")

        let home = try box.exec("sh", "-c", "getent passwd \(UserServiceTests.user) | cut -d: -f6").out
        try box.writeQuadlet("web.container", """
            [Container]
            Image=\(SharedBox.image)
            Exec=sh -c "mkdir -p /w && echo hello-rootless > /w/index.html && echo serving web && httpd -f -v -p 8080 -h /w & trap 'exit 0' TERM; wait"
            PublishPort=127.0.0.1:18080:8080
            """, in: home + "/.config/containers/systemd")
        #expect(try box.exec("chown", "-R", UserServiceTests.user, home + "/.config").status == 0)

        // Quadlet units wait for the system's network-online.target (through
        // berth-user-wait-network-online.service); nothing in the box pulls it in.
        #expect(try box.exec("systemctl", "start", "network-online.target").status == 0)
        #expect(try uexec("systemctl", "--user", "daemon-reload").status == 0)
        let started = try uexec("systemctl", "--user", "start", "web.service")
        let journal = { (try? uexec("journalctl", "--user", "--no-pager", "-u", "web.service").stdout) ?? "" }
        try #require(started.status == 0, "systemctl --user start web: \(started.stderr)\n\(journal())")
        #expect(try uexec("systemctl", "--user", "show", "-P", "ActiveState", "web.service").out == "active")

        var page = ""
        for _ in 0..<50 where !page.contains("hello-rootless") {
            page = try box.exec("busybox", "wget", "-q", "-O", "-", "http://127.0.0.1:18080/").stdout
            usleep(100_000)
        }
        #expect(page == "hello-rootless\n")

        var verbose = ""
        for _ in 0..<50 where !verbose.contains("serving web") {
            verbose = try uexec("journalctl", "--user", "--no-pager", "-o", "verbose", "-u", "web.service").stdout
            usleep(100_000)
        }
        #expect(verbose.contains("MESSAGE=serving web"), "\(verbose)")
        #expect(verbose.contains("CONTAINER_NAME=systemd-web"), "\(verbose)")
        #expect(try uexec("berth", "ps", "--format", "{{.Names}}").out == "systemd-web")

        #expect(try uexec("systemctl", "--user", "stop", "web.service").status == 0)
        #expect(try uexec("systemctl", "--user", "show", "-P", "ActiveState", "web.service").out == "inactive")
        #expect(try uexec("berth", "ps", "-a", "-q").out.isEmpty)
        // Nothing of the container is left running: no monitor, no pasta.
        let left = try box.exec("sh", "-c", "pgrep -u \(UserServiceTests.user) -l -f 'conmon-swift|pasta' || true").out
        #expect(left.isEmpty, "\(left)")
    }
}
