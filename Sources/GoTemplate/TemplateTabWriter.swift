/// Go's text/tabwriter column alignment for the settings Podman uses
/// (`minwidth 12, tabwidth 2, padding 2, padchar ' '`, no flags besides
/// StripEscape): tab-terminated cells in consecutive lines form a column
/// block padded to its widest cell; the text after a line's last tab is
/// not part of any column. Use it for any tab-separated listing that should
/// line up exactly like Podman's.
public struct TemplateTabWriter: Sendable {
    public var minWidth = 12
    public var padding = 2

    public init() {}

    private struct Cell {
        var text: Substring
        var width: Int
    }

    /// Aligns tab-separated cells; lines end with `\n`.
    public func format(_ text: String) -> String {
        var lines: [[Cell]] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(rawLine.split(separator: "\t", omittingEmptySubsequences: false).map {
                Cell(text: $0, width: $0.unicodeScalars.count)
            })
        }
        var widths: [Int] = []
        var out = ""
        layout(lines, 0, lines.count, &widths, &out)
        return out
    }

    /// Go's `format`: find the block of lines sharing column `widths.count`,
    /// size it, and recurse into the columns to its right.
    private func layout(_ lines: [[Cell]], _ start: Int, _ end: Int, _ widths: inout [Int], _ out: inout String) {
        let column = widths.count
        var line0 = start
        var this = start
        while this < end {
            if column >= lines[this].count - 1 {
                this += 1
                continue
            }
            write(lines, line0, this, widths, &out)
            line0 = this
            var width = minWidth
            while this < end, column < lines[this].count - 1 {
                width = max(width, lines[this][column].width + padding)
                this += 1
            }
            widths.append(width)
            layout(lines, line0, this, &widths, &out)
            widths.removeLast()
            line0 = this
        }
        write(lines, line0, end, widths, &out)
    }

    private func write(_ lines: [[Cell]], _ start: Int, _ end: Int, _ widths: [Int], _ out: inout String) {
        guard start < end else { return }
        for i in start..<end {
            for (j, cell) in lines[i].enumerated() {
                out += cell.text
                if j < widths.count, j < lines[i].count - 1 {
                    out += String(repeating: " ", count: max(widths[j] - cell.width, 0))
                }
            }
            if i + 1 < lines.count { out += "\n" }
        }
    }
}
