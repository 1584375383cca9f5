import Testing
import UnitParser

/// Generated unit files of every shape the syntax allows: reading what we
/// wrote gives back the same unit, and writing it again the same bytes.
@Suite("Unit file round trip over generated files")
struct RoundTripPropertyTests {
    @Test func parseWriteParseIsStable() throws {
        var random = SplitMix64(seed: 0x0f11_e5)
        var failures: [String] = []
        for _ in 0..<1500 {
            let text = random.unitFileText()
            let first: UnitFile
            do {
                first = try UnitFile(parsing: text, path: "/t/gen.container")
            } catch {
                failures.append("generated file did not parse: \(error)\n\(text.debugDescription)")
                continue
            }
            let written = first.text
            guard let second = try? UnitFile(parsing: written, path: "/t/gen.container") else {
                failures.append("written file did not parse:\n\(written.debugDescription)")
                continue
            }
            if Snapshot(second) != Snapshot(first) {
                failures.append("values changed:\n\(text.debugDescription)\n->\n\(written.debugDescription)")
            } else if second.text != written {
                failures.append("text not stable:\n\(written.debugDescription)\n->\n\(second.text.debugDescription)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(2).joined(separator: "\n\n"))")
    }
}

extension SplitMix64 {
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func blanks() -> String { pick(["", "", " ", "\t", "  "]) }

    /// A value that does not end in a backslash (which would continue the line).
    mutating func value() -> String {
        let pieces = [
            "a", "b1", "/usr/bin/x", "%h", "=", "==", "\"", "'", "\"q w\"", "x\\ny", "\\\\d", " ", "  ", "é", "日本", "👍",
            "#", ";", "[", "]", "$X", "k=v",
        ]
        var value = (0..<below(6)).map { _ in pick(pieces) }.joined()
        while value.hasSuffix("\\") { value.removeLast() }
        return value
    }

    mutating func unitFileText() -> String {
        let newline = below(5) == 0 ? "\r\n" : "\n"
        let groups = ["Unit", "Container", "Service", "Install", "X-Extra"]
        let keys = ["Description", "Image", "Exec", "Environment", "Volume", "After", "Label"]
        var lines: [String] = []
        for _ in 0..<below(3) { lines.append(pick(["", "# top", "; top"])) }
        for _ in 0...below(4) {
            lines.append(blanks() + "[" + pick(groups) + "]" + pick(["", " ", "\t"]))
            for _ in 0..<below(7) {
                switch below(10) {
                case 0: lines.append(pick(["", "#c", "; c", "# [Fake]", "#K=v"]))
                case 1: lines.append(blanks() + pick(keys) + "=")
                case 2:
                    // A value continued over several lines, maybe with comments between.
                    var parts = [blanks() + pick(keys) + blanks() + "=" + blanks() + value() + pick([" ", ""]) + "\\"]
                    for _ in 0..<below(3) {
                        if below(2) == 0 { parts.append(pick(["# inside", "; inside"])) }
                        parts.append(blanks() + value() + " \\")
                    }
                    parts.append(blanks() + "x" + value())
                    lines += parts
                default:
                    lines.append(blanks() + pick(keys) + blanks() + "=" + blanks() + value() + blanks())
                }
            }
        }
        return lines.joined(separator: newline) + (below(2) == 0 ? newline : "")
    }
}
