/// A value a `--format` template looks at: the JSON shape of whatever the
/// command prints (container, image, volume ...). Objects keep their key
/// order so `{{json .}}` prints fields the way the record declares them.
public enum TemplateValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([TemplateValue])
    case object([(String, TemplateValue)])

    public static func == (lhs: TemplateValue, rhs: TemplateValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count
                && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

extension TemplateValue {
    /// The value stored under `key` when this is an object (first match wins,
    /// as Go's decoder keeps the last duplicate there is no sensible choice).
    func member(_ key: String) -> TemplateValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first(where: { $0.0 == key })?.1
    }

    /// Go's name for the dynamic type, used in error messages the way
    /// text/template and fmt print them.
    var goTypeName: String {
        switch self {
        case .string: return "string"
        case .int: return "int"
        case .double: return "float64"
        case .bool: return "bool"
        case .null: return "interface {}"
        case .array(let items):
            return items.allSatisfy({ if case .string = $0 { true } else { false } }) && !items.isEmpty
                ? "[]string" : "[]interface {}"
        case .object: return "map[string]interface {}"
        }
    }

    /// Go's truth: false, 0, nil and empty strings/collections are false.
    var isTruthy: Bool {
        switch self {
        case .string(let s): return !s.isEmpty
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .bool(let b): return b
        case .null: return false
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        }
    }

    /// Object members in Go's map order (sorted by key bytes), used where Go
    /// iterates or prints a map.
    var sortedMembers: [(String, TemplateValue)] {
        guard case .object(let pairs) = self else { return [] }
        return pairs.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }
}
