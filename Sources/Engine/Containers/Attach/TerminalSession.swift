#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// Our terminal while attached to a `-t` container: raw mode (keys, Ctrl-C
/// included, reach the container's terminal as typed; it echoes and edits)
/// and every SIGWINCH passed on to the monitor, which resizes the
/// container's terminal. `end()` (or deinit) restores the terminal.
package final class TerminalSession {
    private var saved = termios()
    private var raw = false
    let winchFd: Int32
    private let bundle: String

    /// nil unless the container has a terminal and our stdin is one.
    package init?(container c: Container, bundle: String, interactive: Bool) {
        guard c.config.tty, isatty(0) == 1 else { return nil }
        self.bundle = bundle
        winchFd = [SIGWINCH].withUnsafeBufferPointer { cshim_signalfd_for($0.baseAddress!, 1) }
        if interactive, tcgetattr(0, &saved) == 0 {
            var t = saved
            cfmakeraw(&t)
            raw = tcsetattr(0, TCSADRAIN, &t) == 0
        }
        // The size at start came with the runtime spec; catch up with changes since.
        windowChanged()
    }

    deinit { end() }

    /// Drains the signalfd and tells the monitor our current size.
    func windowChanged() {
        if winchFd >= 0 { while cshim_signalfd_read(winchFd) > 0 {} }
        guard let size = TerminalSize.current(0) else { return }
        let fd = open(bundle + "/winsz", O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let line = Array("1 \(size.rows) \(size.cols)\n".utf8)
        _ = write(fd, line, line.count)
    }

    package func end() {
        if raw {
            _ = tcsetattr(0, TCSADRAIN, &saved)
            raw = false
        }
    }
}
