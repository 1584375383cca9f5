#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// A terminal's size in character cells.
struct TerminalSize: Equatable {
    var rows: UInt16
    var cols: UInt16

    /// The size of the terminal on `fd`, nil if it is not one.
    static func current(_ fd: Int32) -> TerminalSize? {
        guard isatty(fd) == 1 else { return nil }
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 else { return nil }
        return TerminalSize(rows: size.ws_row, cols: size.ws_col)
    }
}
