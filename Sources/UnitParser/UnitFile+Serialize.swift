/// Writing a unit back out.
extension UnitFile {
    /// The file's text: groups separated by one blank line, comments where
    /// they stood, values as stored.
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The file's text as UTF-8, built in one buffer (what the generator writes).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(groups.reduce(64) { $0 + 32 + ($1.lines.count + $1.comments.count) * 48 })
        for (index, group) in groups.enumerated() {
            if index != 0 { out.append(0x0A) }
            for comment in group.comments {
                comment.value.appendUTF8(to: &out)
                out.append(0x0A)
            }
            if group.name.isEmpty { continue }
            out.append(UInt8(ascii: "["))
            group.name.appendUTF8(to: &out)
            out.append(UInt8(ascii: "]"))
            out.append(0x0A)
            for line in group.lines {
                if !line.isComment {
                    line.key.appendUTF8(to: &out)
                    out.append(UInt8(ascii: "="))
                }
                line.value.appendUTF8(to: &out)
                out.append(0x0A)
            }
        }
        return out
    }
}
