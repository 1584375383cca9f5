import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One booted box per suite, Berth installed and the test image imported,
/// shared by the suite's tests (each uses its own unit names) and stopped
/// when the test process exits.
enum SharedBox {
    static let image = "localhost/berth-test/busybox:latest"

    private static let boxes = Mutex<[Box]>([])

    static func make(_ tag: String) -> Result<Box, SystemTestError> {
        do {
            let box = try Box(tag)
            boxes.withLock { list in
                // The suites' statics keep their boxes alive: stop them by name.
                if list.isEmpty { atexit { SharedBox.boxes.withLock { $0.forEach { $0.stop() } } } }
                list.append(box)
            }
            try Box.install(into: box.root)
            try imageTarball(at: box.root + "/root/image.tar", scratch: box.scratch)
            let imported = try box.exec("berth", "import", "/root/image.tar", image)
            if imported.status != 0 { throw SystemTestError("berth import: \(imported.stderr)") }
            return .success(box)
        } catch let error as SystemTestError {
            return .failure(error)
        } catch {
            return .failure(SystemTestError("\(error)"))
        }
    }

    /// busybox with every applet, plus the static helpers below when a C
    /// compiler is there: `sd-notify MSG` and `fd-server` (socket activation).
    static func imageTarball(at path: String, scratch: String) throws {
        let root = scratch + "/rootfs"
        let fm = FileManager.default
        for dir in ["bin", "etc", "tmp", "root", "data", "home/podman"] {
            try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        try fm.copyItem(atPath: "/bin/busybox", toPath: root + "/bin/busybox")
        let applets = try SystemTestSupport.run("/bin/busybox", ["--list"]).stdout.split(separator: "\n")
        for applet in applets where applet != "busybox" {
            try fm.createSymbolicLink(atPath: root + "/bin/" + applet, withDestinationPath: "busybox")
        }
        try Data("root:x:0:0:root:/root:/bin/sh\n".utf8).write(to: URL(fileURLWithPath: root + "/etc/passwd"))
        try Data("root:x:0:\n".utf8).write(to: URL(fileURLWithPath: root + "/etc/group"))
        try Data("image-content\n".utf8).write(to: URL(fileURLWithPath: root + "/home/podman/testimage-id"))
        if let cc = SystemTestSupport.which("cc") ?? SystemTestSupport.which("gcc") {
            for (name, source) in [("sd-notify", SystemTestSupport.notifySource), ("fd-server", fdServerSource)] {
                let file = scratch + "/" + name + ".c"
                try Data(source.utf8).write(to: URL(fileURLWithPath: file))
                let built = try SystemTestSupport.run(cc, ["-static", "-O2", "-o", root + "/bin/" + name, file])
                if built.status != 0 { throw SystemTestError("\(cc) \(name): \(built.stderr)") }
            }
        }
        let tar = try SystemTestSupport.run("/bin/tar", ["--numeric-owner", "-cf", path, "-C", root, "."])
        guard tar.status == 0 else { throw SystemTestError("tar: \(tar.stderr)") }
    }

    /// Serves every connection on the listening fds it inherited (3.. by
    /// LISTEN_FDS) with one line: what it was handed and its own pid.
    static let fdServerSource = """
        #include <poll.h>
        #include <signal.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/socket.h>
        #include <unistd.h>
        static void stop(int sig) { (void)sig; _exit(0); }
        int main(void) {
            signal(SIGTERM, stop);
            const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID"), *names = getenv("LISTEN_FDNAMES");
            int n = fds ? atoi(fds) : 0;
            if (n < 1 || n > 16) { fprintf(stderr, "no LISTEN_FDS\\n"); return 2; }
            printf("fd-server: %d sockets\\n", n);
            fflush(stdout);
            struct pollfd p[16];
            for (int i = 0; i < n; i++) { p[i].fd = 3 + i; p[i].events = POLLIN; }
            for (;;) {
                if (poll(p, n, -1) < 0) return 1;
                for (int i = 0; i < n; i++) {
                    if (!(p[i].revents & POLLIN)) continue;
                    int c = accept(p[i].fd, 0, 0);
                    if (c < 0) continue;
                    dprintf(c, "fd=%d LISTEN_FDS=%s LISTEN_PID=%s LISTEN_FDNAMES=%s pid=%d\\n",
                            3 + i, fds, pid ? pid : "", names ? names : "", (int)getpid());
                    close(c);
                }
            }
        }
        """
}

extension Box {
    /// Shuts the box down (`deinit` does it too, for boxes that go away).
    func stop() {
        _ = try? SystemTestSupport.run(SystemTestSupport.sdbox!, ["stop"], environment: ["SDBOX_NAME": name])
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// Writes a Quadlet file atomically (a reload running meanwhile from
    /// another test sees all of it or none of it).
    func writeQuadlet(_ name: String, _ text: String, in directory: String = "/etc/containers/systemd") throws {
        let dir = root + directory
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temporary = dir + "/.tmp-" + name + "-" + String(UInt32.random(in: 0...UInt32.max))
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, dir + "/" + name) == 0 else { throw SystemTestError("rename \(temporary): \(errno)") }
    }

    func reload() throws {
        let r = try exec("systemctl", "daemon-reload")
        if r.status != 0 { throw SystemTestError("daemon-reload: \(r.stderr)") }
    }

    /// Polls `unit`'s ActiveState until it is one of `states` (at most
    /// `seconds`); returns the last state seen.
    @discardableResult
    func waitForState(_ unit: String, _ states: Set<String>, seconds: Double = 20) throws -> String {
        var state = ""
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            state = try property(unit, "ActiveState")
            if states.contains(state) { return state }
            usleep(50_000)
        } while Date() < deadline
        return state
    }

    /// The unit's journal (messages only), waiting until `needle` shows up.
    func journal(_ arguments: [String], until needle: String? = nil, seconds: Double = 10) throws -> String {
        var text = ""
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            text = try SystemTestSupport.run(SystemTestSupport.sdbox!, ["exec", "journalctl", "--no-pager", "-o", "cat"] + arguments,
                                             environment: ["SDBOX_NAME": name]).stdout
            guard let needle, !text.contains(needle) else { return text }
            usleep(100_000)
        } while Date() < deadline
        return text
    }

    func berth(_ arguments: String...) throws -> SystemTestSupport.Result {
        try SystemTestSupport.run(SystemTestSupport.sdbox!, ["exec", "berth"] + arguments, environment: ["SDBOX_NAME": name])
    }
}

/// A box's fields are constants; its commands are separate processes.
extension Box: @unchecked Sendable {}
