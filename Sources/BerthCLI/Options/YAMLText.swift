import Foundation
import GoTemplate

/// A JSON-shaped value as YAML, the way Podman prints `info` (Go's
/// yaml encoder: keys sorted, lists at their key's indentation, strings
/// quoted only where YAML would read them otherwise).
enum YAMLText {
    static func render(_ value: TemplateValue) -> String {
        guard case .object(let pairs) = value else { return scalar(value) + "\n" }
        return mapping(pairs, indent: 0)
    }

    private static func mapping(_ pairs: [(String, TemplateValue)], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var out = ""
        for (key, value) in pairs.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
            let name = scalar(.string(key))
            switch value {
            case .object(let members) where !members.isEmpty:
                out += pad + name + ":\n" + mapping(members, indent: indent + 2)
            case .array(let items) where !items.isEmpty:
                out += pad + name + ":\n" + sequence(items, indent: indent)
            case .string(let text) where text.contains("\n"):
                out += pad + name + ": |-\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + "  " + $0 + "\n" }.joined()
            default:
                out += pad + name + ": " + scalar(value) + "\n"
            }
        }
        return out
    }

    private static func sequence(_ items: [TemplateValue], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var out = ""
        for item in items {
            if case .object(let members) = item, !members.isEmpty {
                let body = mapping(members, indent: indent + 2)
                out += pad + "- " + body.dropFirst(indent + 2)
            } else {
                out += pad + "- " + scalar(item) + "\n"
            }
        }
        return out
    }

    private static func scalar(_ value: TemplateValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .int(let n): return String(n)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// Plain where YAML reads the text back as that string; double quotes
    /// where it would read another type (`"12"`, `"true"`); single quotes
    /// where the text holds YAML syntax (`a: b`, `#`, a leading `-`).
    private static func quoted(_ text: String) -> String {
        if text.isEmpty { return "\"\"" }
        let words = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]
        if Double(text) != nil || Int(text) != nil || words.contains(text.lowercased()) {
            return "\"" + text + "\""
        }
        let indicators: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
        if indicators.contains(text.first!) || text.contains(": ") || text.contains(" #") || text.hasSuffix(":")
            || text.first == " " || text.last == " " {
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return text
    }
}
