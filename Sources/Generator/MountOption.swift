/// A `--mount` value: comma-separated fields with CSV quoting, as Podman
/// parses and Quadlet rewrites it.
struct MountOption {
    /// `type=` (default `volume`).
    var type: String
    /// The other fields, in order.
    var fields: [String]

    enum ParseError: Error { case invalidSyntax }

    init(parsing text: String) throws(ParseError) {
        let all = try Self.splitCSV(text)
        var type: String?
        var fields: [String] = []
        for field in all {
            let parts = field.split(separator: "=", omittingEmptySubsequences: false)
            if type == nil, parts.count == 2, parts[0] == "type" {
                type = String(parts[1])
            } else {
                fields.append(field)
            }
        }
        self.type = type ?? "volume"
        self.fields = fields
    }

    /// Index and value of the `source=`/`src=` field, if any.
    var source: (index: Int, value: String?)? {
        for (index, field) in fields.enumerated().reversed() {
            let (key, value) = Conversion.cut(field, at: "=")
            if key == "source" || key == "src" { return (index, value) }
        }
        return nil
    }

    /// `type=T,field,...` with CSV quoting where a field needs it.
    var text: String {
        (["type=" + type] + fields).map(Self.quoteCSV).joined(separator: ",")
    }

    static func splitCSV(_ text: String) throws(ParseError) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var fieldStart = true
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" {
                        current.append("\"")
                        chars.removeFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" && fieldStart {
                inQuotes = true
                fieldStart = false
            } else if c == "\"" {
                throw .invalidSyntax
            } else if c == "," {
                fields.append(current)
                current = ""
                fieldStart = true
            } else {
                current.append(c)
                fieldStart = false
            }
        }
        if inQuotes { throw .invalidSyntax }
        fields.append(current)
        return fields
    }

    static func quoteCSV(_ field: String) -> String {
        let needsQuotes = field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")
            || field.hasPrefix(" ") || field.hasPrefix("\t")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
