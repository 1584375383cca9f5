// libFuzzer entry point for UnitParser, compiled together with the
// library's sources by scripts/fuzz.sh (so it needs no package target).
//
// Properties checked on every input:
// - parsing never crashes or hangs;
// - a parsed file written back parses to the same text (round trip);
// - every lookup on every key works;
// - exec-style splitting of each value, joined back with escapeWords,
//   splits into the same words.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUnitParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let file = try? UnitFile(parsing: text, path: "/fuzz/input.container") else { return 0 }

    let written = file.text
    guard let again = try? UnitFile(parsing: written, path: "/fuzz/input.container") else {
        fatalError("written file does not parse:\n\(written)")
    }
    guard again.text == written else {
        let first = written.split(separator: "\n", omittingEmptySubsequences: false)
        let second = again.text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = (0..<min(first.count, second.count)).first { first[$0] != second[$0] } ?? min(first.count, second.count)
        let context = { (lines: [Substring]) in lines[max(0, index - 2)..<min(lines.count, index + 3)].map { "  \($0.debugDescription)" }.joined(separator: "\n") }
        fatalError("round trip changed the file at line \(index + 1):\n--- written\n\(context(first))\n--- written again\n\(context(second))")
    }

    for group in file.groupNames {
        for key in file.keys(in: group) {
            _ = file.lookup(key, in: group)
            _ = file.lookupBoolean(key, in: group)
            _ = file.lookupInt(key, in: group)
            _ = file.lookupAllStrv(key, in: group)
            _ = file.lookupAllKeyValues(key, in: group)
            for value in file.lookupAll(key, in: group) {
                guard let words = try? WordSplitter.exec.split(value) else { continue }
                let joined = CEscape.escapeWords(words)
                guard let back = try? WordSplitter.exec.split(joined), back == words else {
                    fatalError("escapeWords does not round-trip: \(words) -> \(joined)")
                }
            }
        }
    }
    return 0
}
