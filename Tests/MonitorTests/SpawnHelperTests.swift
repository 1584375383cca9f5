import CShim
import Foundation
import Testing

/// The C spawn helper other parts of Berth reuse (cshim_spawn.h).
@Suite("CShim spawn helper")
struct SpawnHelperTests {
    @Test("an exec failure comes back as the errno, with no child left behind")
    func execFailure() {
        var err: Int32 = 0
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/nonexistent/program"), nil]
        defer { free(argv[0]) }
        let pid = argv.withUnsafeMutableBufferPointer { a in
            var o = cshim_spawn_options()
            o.path = UnsafePointer(a[0])
            o.argv = UnsafePointer(a.baseAddress)
            return cshim_spawn(&o, &err)
        }
        #expect(pid == -1)
        #expect(err == ENOENT)
    }

    @Test("mapped fds arrive at their numbers, every other fd is closed, signals are reset")
    func childEnvironment() {
        _ = Harness.setUp
        var extra = [Int32](repeating: 0, count: 2)
        #expect(pipe(&extra) == 0)
        defer { close(extra[0]) }
        // A stray fd without close-on-exec must not reach the child either.
        let stray = open("/dev/null", O_RDONLY)
        defer { close(stray) }
        // An ignored and a blocked signal in the parent thread.
        let oldInt = signal(SIGINT, SIG_IGN)
        var block = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGUSR1)
        var oldMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &block, &oldMask)
        defer {
            pthread_sigmask(SIG_SETMASK, &oldMask, nil)
            signal(SIGINT, oldInt)
        }
        let script = "echo via-fd-7 >&7; echo $(ls /proc/self/fd); grep -E '^Sig(Blk|Ign)' /proc/self/status"
        let r = Harness.run(["/bin/sh", "-c", script], extraFds: [(extra[1], 7)])
        close(extra[1])
        var buf = [UInt8](repeating: 0, count: 256)
        let n = read(extra[0], &buf, buf.count)
        #expect(String(decoding: buf[0..<max(n, 0)], as: UTF8.self) == "via-fd-7\n")
        #expect(r.code == 0)
        let lines = r.output.split(separator: "\n").map(String.init)
        // `ls` holds fd 3 for the directory it lists.
        #expect(lines.first == "0 1 2 3 7")
        #expect(lines.contains("SigBlk:\t0000000000000000"))
        #expect(lines.contains("SigIgn:\t0000000000000000"))
    }
}
