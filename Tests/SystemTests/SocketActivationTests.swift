import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Socket activation of a container, as Podman's socket_activation.md
/// tutorial describes it: systemd listens, the first connection starts the
/// `.container` service, and the container's process gets the listening
/// sockets as fds 3.. with LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES for itself.
@Suite("System: socket-activated containers", .enabled(if: SystemTestSupport.canBoot && SystemTestSupport.hasCompiler,
       "needs root, sdbox, runc, busybox-static, a C compiler (the static fd-server in the image) and the built berth"))
struct SocketActivationTests {
    static let shared = SharedBox.make("socket")
    let image = SharedBox.image

    /// One line from a TCP port in the box (busybox nc; the server closes).
    private func connect(_ box: Box, _ port: Int) throws -> String {
        try box.exec("busybox", "nc", "127.0.0.1", String(port)).out
    }

    @Test("two ListenStream= sockets: the first connection starts the service; the container's own process serves on fds 3 and 4")
    func twoSockets() throws {
        let box = try SocketActivationTests.shared.get()
        try box.writeQuadlet("echo.socket", """
            [Socket]
            ListenStream=127.0.0.1:8431
            ListenStream=127.0.0.1:8432
            FileDescriptorName=echo
            """, in: "/etc/systemd/system")
        try box.writeQuadlet("echo.container", """
            [Container]
            Image=\(image)
            Exec=fd-server
            Network=none
            """)
        try box.reload()
        #expect(try box.exec("systemctl", "start", "echo.socket").status == 0)
        #expect(try box.property("echo.service", "ActiveState") == "inactive", "nothing runs before the first connection")

        let first = try connect(box, 8431)
        #expect(first == "fd=3 LISTEN_FDS=2 LISTEN_PID=1 LISTEN_FDNAMES=echo:echo pid=1",
                "\(first)\n\((try? box.journal(["-u", "echo.service"])) ?? "")")
        #expect(try box.property("echo.service", "ActiveState") == "active")
        #expect(try connect(box, 8432) == "fd=4 LISTEN_FDS=2 LISTEN_PID=1 LISTEN_FDNAMES=echo:echo pid=1")
        #expect(try connect(box, 8431).hasPrefix("fd=3 "), "the same container serves the next connection")
        let mainPid = try box.property("echo.service", "MainPID")
        #expect(try box.exec("cat", "/proc/\(mainPid)/comm").out == "conmon-swift")
        #expect(try box.berth("logs", "systemd-echo").out == "fd-server: 2 sockets")

        #expect(try box.exec("systemctl", "stop", "echo.service").status == 0)
        #expect(try box.berth("ps", "-a", "--filter", "name=systemd-echo", "--format", "{{.Names}}").out == "")
        #expect(try connect(box, 8432).hasPrefix("fd=4 "), "the socket stays with systemd and starts a new container")
        #expect(try box.exec("systemctl", "stop", "echo.socket", "echo.service").status == 0)
    }

    @Test("LISTEN_FDS meant for another process (LISTEN_PID is not berth's) are not passed on")
    func withoutSocket() throws {
        let box = try SocketActivationTests.shared.get()
        let r = try box.exec("env", "LISTEN_FDS=1", "LISTEN_PID=1", "berth", "run", "--rm", "--network", "none", image,
                             "sh", "-c", "echo \"[$LISTEN_FDS]\"")
        #expect(r.out == "[]", "LISTEN_PID names another process: not ours to pass on. \(r.stderr)")
    }
}
