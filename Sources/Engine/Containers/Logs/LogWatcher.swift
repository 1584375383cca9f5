#if canImport(Glibc)
import Glibc
#endif
import CShim

/// inotify on a k8s-file log and the exits directory, for `logs -f`.
final class LogWatcher {
    private let fd: Int32

    init?(logPath: String, exitsDirectory: String) {
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return nil }
        _ = inotify_add_watch(fd, logPath, UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVE_SELF | IN_DELETE_SELF))
        _ = inotify_add_watch(fd, exitsDirectory, UInt32(IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE))
    }

    deinit { close(fd) }

    /// Returns once something changed (or after `seconds`); drains the events.
    func wait(seconds: Double) {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        _ = poll(&pfd, 1, Int32(seconds * 1000))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while read(fd, &buffer, buffer.count) > 0 {}
    }
}
