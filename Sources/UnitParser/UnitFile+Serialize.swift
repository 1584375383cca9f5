/// Writing a unit back out.
extension UnitFile {
    /// The file's text: groups separated by one blank line, comments where
    /// they stood, values as stored.
    public var text: String {
        var out = ""
        out.reserveCapacity(groups.reduce(0) { $0 + 32 + $1.lines.count * 40 })
        for (index, group) in groups.enumerated() {
            if index != 0 { out += "\n" }
            for comment in group.comments {
                out += comment.value
                out += "\n"
            }
            if group.name.isEmpty { continue }
            out += "["
            out += group.name
            out += "]\n"
            for line in group.lines {
                if line.isComment {
                    out += line.value
                } else {
                    out += line.key
                    out += "="
                    out += line.value
                }
                out += "\n"
            }
        }
        return out
    }
}
