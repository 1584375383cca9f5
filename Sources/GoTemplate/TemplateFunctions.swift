/// The functions a `--format` template can call: Go's text/template
/// builtins and the ones Podman registers (`json`, `lower`, `upper`,
/// `title`, `split`, `join`, `truncate`, `pad`).
enum TemplateFunctions {
    typealias Value = TemplateValue?

    enum Failure: Error {
        /// Reported as `error calling <name>: ...`.
        case call(String)
        /// Reported as-is at the argument with this index (or at the function
        /// name when nil): argument count and type checks.
        case arguments(Int?, String)
    }

    static func call(_ name: String, _ args: [Value]) throws(Failure) -> Value {
        switch name {
        case "json":
            try arity(name, args, 1)
            return .string((args[0] ?? .null).goJSON)
        case "lower":
            try arity(name, args, 1)
            return .string(mapScalars(try string(args, 0)) { $0.properties.lowercaseMapping })
        case "upper":
            try arity(name, args, 1)
            return .string(mapScalars(try string(args, 0)) { $0.properties.uppercaseMapping })
        case "title":
            try arity(name, args, 1)
            return .string(title(try string(args, 0)))
        case "split":
            try arity(name, args, 2)
            return .array(split(try string(args, 0), try string(args, 1)).map { .string($0) })
        case "join":
            try arity(name, args, 2)
            return .string(try stringSlice(args, 0).joined(separator: try string(args, 1)))
        case "truncate":
            try arity(name, args, 2)
            let s = try string(args, 0)
            let n = try int(args, 1)
            let bytes = Array(s.utf8)
            if bytes.count < n { return .string(s) }
            guard n >= 0 else { throw .call("runtime error: slice bounds out of range [:\(n)]") }
            return .string(String(decoding: bytes[..<n], as: UTF8.self))
        case "pad":
            try arity(name, args, 3)
            let s = try string(args, 0)
            let prefix = try int(args, 1)
            let suffix = try int(args, 2)
            if s.isEmpty { return .string(s) }
            guard prefix >= 0, suffix >= 0 else { throw .call("strings: negative Repeat count") }
            return .string(String(repeating: " ", count: prefix) + s + String(repeating: " ", count: suffix))
        case "len":
            try arity(name, args, 1)
            switch args[0] {
            case .string(let s)?: return .int(s.utf8.count)
            case .array(let a)?: return .int(a.count)
            case .object(let o)?: return .int(o.count)
            case .null?, nil: throw .call("len of nil pointer")
            case let other?: throw .call("len of type \(other.goTypeName)")
            }
        case "index":
            try atLeast(name, args, 1)
            return try index(args[0], Array(args.dropFirst()))
        case "slice":
            try atLeast(name, args, 1)
            return try slice(args[0], Array(args.dropFirst()))
        case "print":
            return .string(GoFmt.sprint(args.map { $0 ?? .null }))
        case "println":
            return .string(GoFmt.sprintln(args.map { $0 ?? .null }))
        case "printf":
            try atLeast(name, args, 1)
            return .string(GoFmt.sprintf(try string(args, 0), args.dropFirst().map { $0 ?? .null }))
        case "not":
            try arity(name, args, 1)
            return .bool(!(args[0]?.isTruthy ?? false))
        case "eq":
            try atLeast(name, args, 1)
            return .bool(try equal(args[0], Array(args.dropFirst())))
        case "ne":
            try arity(name, args, 2)
            let same = try equal(args[0], [args[1]])
            return .bool(!same)
        case "lt", "le", "gt", "ge":
            try arity(name, args, 2)
            let less = try lessThan(args[0], args[1])
            switch name {
            case "lt": return .bool(less)
            case "ge": return .bool(!less)
            default:
                let same = try equal(args[0], [args[1]])
                let lessOrEqual = less || same
                return .bool(name == "le" ? lessOrEqual : !lessOrEqual)
            }
        case "html":
            return .string(escapeHTML(evalArgsString(args)))
        case "js":
            return .string(escapeJS(evalArgsString(args)))
        case "urlquery":
            return .string(queryEscape(evalArgsString(args)))
        default:
            throw .call("function \(name) is not supported in --format templates")
        }
    }

    // MARK: argument checks

    private static func arity(_ name: String, _ args: [Value], _ n: Int) throws(Failure) {
        if args.count != n { throw .arguments(nil, "wrong number of args for \(name): want \(n) got \(args.count)") }
    }

    private static func atLeast(_ name: String, _ args: [Value], _ n: Int) throws(Failure) {
        if args.count < n { throw .arguments(nil, "wrong number of args for \(name): want at least \(n) got \(args.count)") }
    }

    static func string(_ args: [Value], _ i: Int) throws(Failure) -> String {
        switch args[i] {
        case .string(let s)?: return s
        case nil: throw .arguments(i, "invalid value; expected string")
        case let other?: throw .arguments(i, "wrong type for value; expected string; got \(other.goTypeName)")
        }
    }

    static func int(_ args: [Value], _ i: Int) throws(Failure) -> Int {
        switch args[i] {
        case .int(let n)?: return n
        case nil: throw .arguments(i, "invalid value; expected int")
        case let other?: throw .arguments(i, "wrong type for value; expected int; got \(other.goTypeName)")
        }
    }

    static func stringSlice(_ args: [Value], _ i: Int) throws(Failure) -> [String] {
        let v = args[i]
        if case .array(let items)? = v {
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else {
                    throw .arguments(i, "wrong type for value; expected []string; got []interface {}")
                }
                out.append(s)
            }
            return out
        }
        if v == nil || v == .null { return [] }
        throw .arguments(i, "wrong type for value; expected []string; got \(v!.goTypeName)")
    }

    // MARK: strings

    /// Go maps case rune by rune (`unicode.ToUpper`): a letter whose full
    /// mapping is several characters (`ß` → `SS`) stays as it is.
    static func mapScalars(_ s: String, _ mapping: (Unicode.Scalar) -> String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let mapped = mapping(scalar).unicodeScalars
            if mapped.count == 1 { out.append(mapped.first!) } else { out.append(scalar) }
        }
        return String(out)
    }

    /// Go's `strings.Title`: upper-cases the first letter of each word.
    static func title(_ s: String) -> String {
        var out = ""
        var previous: Unicode.Scalar = " "
        for scalar in s.unicodeScalars {
            if isSeparator(previous) {
                out += mapScalars(String(scalar)) { $0.properties.titlecaseMapping }
            } else {
                out.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        return out
    }

    private static func isSeparator(_ r: Unicode.Scalar) -> Bool {
        if r.value <= 0x7F {
            switch r {
            case "0"..."9", "a"..."z", "A"..."Z", "_": return false
            default: return true
            }
        }
        if r.properties.isAlphabetic || r.properties.numericType == .decimal { return false }
        return r.properties.isWhitespace
    }

    /// Go's `strings.Split`: an empty separator splits into characters.
    static func split(_ s: String, _ separator: String) -> [String] {
        if separator.isEmpty { return s.unicodeScalars.map { String($0) } }
        let text = Array(s.utf8)
        let sep = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        var i = 0
        while i + sep.count <= text.count {
            if Array(text[i..<i + sep.count]) == sep {
                parts.append(String(decoding: text[start..<i], as: UTF8.self))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: text[start...], as: UTF8.self))
        return parts
    }

    private static func evalArgsString(_ args: [Value]) -> String {
        if args.count == 1, case .string(let s)? = args[0] { return s }
        return GoFmt.sprint(args.map { $0 ?? .null })
    }

    static func escapeHTML(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func escapeJS(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if scalar.value < 0x20 {
                    var h = String(scalar.value, radix: 16).uppercased()
                    while h.count < 4 { h = "0" + h }
                    out += "\\u" + h
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func queryEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "):
                out += "+"
            default:
                let h = String(b, radix: 16).uppercased()
                out += "%" + (h.count == 1 ? "0" + h : h)
            }
        }
        return out
    }

    // MARK: collections

    private static func index(_ item: Value, _ indices: [Value]) throws(Failure) -> Value {
        var current = item
        for key in indices {
            switch current {
            case nil, .null?:
                throw .call("index of untyped nil")
            case .array(let items)?:
                guard case .int(let i)? = key else {
                    throw .call("cannot index slice/array with type \(key?.goTypeName ?? "nil")")
                }
                guard i >= 0, i < items.count else { throw .call("index out of range: \(i)") }
                current = items[i]
            case .string(let s)?:
                guard case .int(let i)? = key else {
                    throw .call("cannot index slice/array with type \(key?.goTypeName ?? "nil")")
                }
                let bytes = Array(s.utf8)
                guard i >= 0, i < bytes.count else { throw .call("index out of range: \(i)") }
                current = .int(Int(bytes[i]))
            case .object?:
                guard case .string(let k)? = key else {
                    throw .call("value has type \(key?.goTypeName ?? "nil"); should be string")
                }
                current = current!.member(k) ?? .null
            case let other?:
                throw .call("can't index item of type \(other.goTypeName)")
            }
        }
        return current
    }

    private static func slice(_ item: Value, _ indices: [Value]) throws(Failure) -> Value {
        guard indices.count <= 3 else { throw .call("too many slice indexes: \(indices.count)") }
        var bounds: [Int] = []
        for v in indices {
            guard case .int(let i)? = v else { throw .call("cannot index slice/array with type \(v?.goTypeName ?? "nil")") }
            bounds.append(i)
        }
        let length: Int
        switch item {
        case .string(let s)?:
            if indices.count == 3 { throw .call("cannot 3-index slice a string") }
            length = s.utf8.count
        case .array(let a)?: length = a.count
        case nil, .null?: throw .call("slice of untyped nil")
        case let other?: throw .call("can't slice item of type \(other.goTypeName)")
        }
        let low = bounds.count > 0 ? bounds[0] : 0
        let high = bounds.count > 1 ? bounds[1] : length
        for b in bounds where b < 0 || b > length { throw .call("index out of range: \(b)") }
        guard low <= high else { throw .call("invalid slice index: \(low) > \(high)") }
        switch item {
        case .string(let s)?: return .string(String(decoding: Array(s.utf8)[low..<high], as: UTF8.self))
        case .array(let a)?: return .array(Array(a[low..<high]))
        default: return item
        }
    }

    // MARK: comparisons

    private enum Kind { case bool, number, string, invalid, other }

    private static func kind(_ v: Value) -> Kind {
        switch v {
        case .bool?: return .bool
        case .int?, .double?: return .number
        case .string?: return .string
        case nil, .null?: return .invalid
        default: return .other
        }
    }

    /// Numbers compare across int and float: JSON cannot tell `2` from `2.0`.
    private static func number(_ v: Value) -> Double {
        switch v {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: return 0
        }
    }

    static func equal(_ a: Value, _ others: [Value]) throws(Failure) -> Bool {
        guard !others.isEmpty else { throw .call("missing argument for comparison") }
        let ka = kind(a)
        for b in others {
            let kb = kind(b)
            if ka == .other || kb == .other {
                if ka == .invalid || kb == .invalid { continue }
                throw .call("non-comparable types \(GoFmt.value(a ?? .null)): \(a?.goTypeName ?? "nil"), \(b?.goTypeName ?? "nil"): \(GoFmt.value(b ?? .null))")
            }
            if ka != kb {
                if ka != .invalid && kb != .invalid { throw .call("incompatible types for comparison") }
                continue
            }
            let same: Bool
            switch ka {
            case .bool: same = a == b
            case .number:
                if case .int(let x)? = a, case .int(let y)? = b { same = x == y } else { same = number(a) == number(b) }
            case .string: same = a == b
            case .invalid: same = true
            case .other: same = false
            }
            if same { return true }
        }
        return false
    }

    static func lessThan(_ a: Value, _ b: Value) throws(Failure) -> Bool {
        let ka = kind(a)
        let kb = kind(b)
        guard ka != .invalid, ka != .other, kb != .invalid, kb != .other else {
            throw .call("invalid type for comparison")
        }
        guard ka == kb else { throw .call("incompatible types for comparison") }
        switch (a, b) {
        case (.int(let x)?, .int(let y)?): return x < y
        case (.string(let x)?, .string(let y)?): return x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.bool?, .bool?): throw .call("invalid type for comparison")
        default: return number(a) < number(b)
        }
    }
}
