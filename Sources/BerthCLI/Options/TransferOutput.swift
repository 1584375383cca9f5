import Engine
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How pull and push show their work on standard error, as Podman does:
/// on a terminal a line per blob redrawn in place (a bar with bytes while
/// it moves, then `done` or `skipped: already exists`); otherwise plain
/// lines; nothing with `--quiet`.
final class TransferOutput: Sendable {
    private struct Row {
        var key: String
        var text: String
    }

    private struct State {
        var rows: [Row] = []
        /// Lines of `rows` on screen, redrawn from their top.
        var drawn = 0
        var lastDraw = 0.0
    }

    private let state = Mutex(State())
    private let width: Int

    private init(width: Int) { self.width = width }

    /// The report and progress closures for `quiet` and where stderr goes.
    static func sinks(quiet: Bool) -> (report: (@Sendable (String) -> Void)?, progress: (@Sendable (TransferProgress) -> Void)?) {
        if quiet { return (nil, nil) }
        guard isatty(2) != 0 else { return ({ FileHandleOutput.standardError($0) }, nil) }
        var size = winsize()
        let columns = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        let view = TransferOutput(width: columns)
        return ({ view.line($0) }, { view.event($0) })
    }

    /// A fixed line: the blob rows so far stay as they are, the line goes below them.
    private func line(_ text: String) {
        state.withLock { state in
            state.rows = []
            state.drawn = 0
            FileHandleOutput.standardError(text)
        }
    }

    private func event(_ event: TransferProgress) {
        let hex = String(event.digest.hex.prefix(event.kind == .blob ? 12 : 10))
        let key = event.kind.rawValue + event.digest.hex
        let head = "Copying \(event.kind.rawValue) \(hex)"
        let text: String
        var force = true
        switch event.stage {
        case .done: text = head + " done  "
        case .skipped: text = head + " skipped: already exists  "
        case .moving(let bytes):
            text = head + " " + bar(bytes, of: event.size, room: width - head.count - 1)
            force = bytes == 0 || bytes == event.size
        }
        state.withLock { state in
            if let index = state.rows.firstIndex(where: { $0.key == key }) { state.rows[index].text = text } else {
                state.rows.append(Row(key: key, text: text))
                force = true
            }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let seconds = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
            guard force || seconds - state.lastDraw >= 0.1 else { return }
            state.lastDraw = seconds
            var out = state.drawn > 0 ? "\u{1B}[\(state.drawn)A\u{1B}[J" : ""
            for row in state.rows { out += String(row.text.prefix(max(width - 1, 20))) + "\n" }
            state.drawn = state.rows.count
            FileHandleOutput.standardError(out, newline: false)
        }
    }

    /// `[=====>-----] 1.0MiB / 2.0MiB` in at most `room` columns.
    private func bar(_ bytes: Int64, of total: Int64, room: Int) -> String {
        let counters = " \(Self.size(bytes)) / \(Self.size(total))"
        let inner = max(min(room - counters.count - 2, 40), 10)
        let filled = total > 0 ? Int(Double(inner) * Double(min(bytes, total)) / Double(total)) : 0
        let body = filled >= inner ? String(repeating: "=", count: inner)
            : String(repeating: "=", count: filled) + ">" + String(repeating: "-", count: inner - filled - 1)
        return "[" + body + "]" + counters
    }

    /// Podman's counters: `424.0b`, `1.0MiB`.
    static func size(_ bytes: Int64) -> String {
        let units = ["b", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)" + units[unit]
    }
}
