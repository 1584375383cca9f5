#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Go's float-to-text rules (`fmt` `%v`/`%g`, `encoding/json`), built on
/// Swift's shortest round-trip digits.
enum GoFloat {
    /// Shortest decimal digits and the decimal point position: value is
    /// 0.d1d2... × 10^point.
    static func shortestDigits(_ d: Double) -> (digits: [UInt8], point: Int) {
        let text = "\(abs(d))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = Array(parts[0].utf8)
        let fracPart = parts.count > 1 ? Array(parts[1].utf8) : []
        var digits = intPart + fracPart
        var point = intPart.count + exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty { return ([], 0) }
        return (digits, point)
    }

    private static func special(_ d: Double) -> String? {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        return nil
    }

    private static func eForm(_ digits: [UInt8], _ point: Int, minExpDigits: Int = 2) -> String {
        var s = String(decoding: digits.prefix(1), as: UTF8.self)
        if digits.count > 1 { s += "." + String(decoding: digits.dropFirst(), as: UTF8.self) }
        let exp = digits.isEmpty ? 0 : point - 1
        var e = String(abs(exp))
        while e.count < minExpDigits { e = "0" + e }
        return s + "e" + (exp < 0 ? "-" : "+") + e
    }

    private static func fForm(_ digits: [UInt8], _ point: Int) -> String {
        if digits.isEmpty { return "0" }
        let ds = String(decoding: digits, as: UTF8.self)
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + ds }
        if point >= digits.count { return ds + String(repeating: "0", count: point - digits.count) }
        let i = ds.index(ds.startIndex, offsetBy: point)
        return String(ds[..<i]) + "." + String(ds[i...])
    }

    /// `%v` / shortest `%g`: exponent form below 1e-4 and from 1e6 on
    /// (strconv uses precision 6 for that decision when printing shortest).
    static func shortestG(_ d: Double) -> String {
        if let s = special(d) { return s }
        let (digits, point) = shortestDigits(d)
        let sign = d.sign == .minus ? "-" : ""
        if digits.isEmpty { return sign + "0" }
        let exp = point - 1
        if exp < -4 || exp >= 6 { return sign + eForm(digits, point) }
        return sign + fForm(digits, point)
    }

    /// `encoding/json` float formatting.
    static func json(_ d: Double) -> String {
        if d.isNaN || d.isInfinite { return "null" }
        let (digits, point) = shortestDigits(d)
        let sign = d.sign == .minus && !digits.isEmpty ? "-" : ""
        if digits.isEmpty { return "0" }
        let a = abs(d)
        if a < 1e-6 || a >= 1e21 {
            var s = eForm(digits, point)
            if s.hasSuffix("e-0" + String(s.last!)) , s.count >= 4 {
                s.remove(at: s.index(s.endIndex, offsetBy: -2))
            }
            return sign + s
        }
        return sign + fForm(digits, point)
    }

    /// C's printf for the explicit-precision forms, which Go matches.
    static func cFormat(_ d: Double, verb: Character, precision: Int, sharp: Bool) -> String {
        if let s = special(d) { return s }
        let spec = "%" + (sharp ? "#" : "") + ".*" + String(verb)
        var buffer = [CChar](repeating: 0, count: 512 + max(precision, 0))
        let n = withVaList([Int32(precision), d]) { args in
            vsnprintf(&buffer, buffer.count, spec, args)
        }
        guard n >= 0 else { return "" }
        return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Go's `fmt` printing of template values: `Sprint`, `Sprintln`, `Sprintf`.
enum GoFmt {
    struct Spec {
        var minus = false, plus = false, sharp = false, space = false, zero = false
        var width: Int?
        var precision: Int?
    }

    /// `%v` with no flags: what `{{.X}}` prints.
    static func value(_ v: TemplateValue) -> String {
        format(v, verb: "v", Spec())
    }

    static func sprint(_ args: [TemplateValue]) -> String {
        var out = ""
        var previousIsString = false
        for (i, arg) in args.enumerated() {
            let isString: Bool
            if case .string = arg { isString = true } else { isString = false }
            if i > 0 && !isString && !previousIsString { out += " " }
            out += value(arg)
            previousIsString = isString
        }
        return out
    }

    static func sprintln(_ args: [TemplateValue]) -> String {
        args.map(value).joined(separator: " ") + "\n"
    }

    static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        let chars = Array(format.unicodeScalars)
        var out = ""
        var argIndex = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c != "%" {
                out.unicodeScalars.append(c)
                i += 1
                continue
            }
            i += 1
            var spec = Spec()
            flags: while i < chars.count {
                switch chars[i] {
                case "-": spec.minus = true; spec.zero = false
                case "+": spec.plus = true
                case "#": spec.sharp = true
                case " ": spec.space = true
                case "0": spec.zero = !spec.minus
                default: break flags
                }
                i += 1
            }
            if i < chars.count, chars[i] == "*" {
                i += 1
                if argIndex < args.count, case .int(let w) = args[argIndex], abs(w) <= 1_000_000 {
                    spec.width = abs(w)
                    if w < 0 { spec.minus = true; spec.zero = false }
                } else {
                    out += "%!(BADWIDTH)"
                }
                argIndex += 1
            } else {
                var w: Int?
                while i < chars.count, let d = asciiDigit(chars[i]) {
                    // Go gives up on the rest of the format at absurd widths.
                    if (w ?? 0) > 1_000_000 { i = chars.count; break }
                    w = (w ?? 0) * 10 + d
                    i += 1
                }
                spec.width = w
            }
            if i < chars.count, chars[i] == "." {
                i += 1
                if i < chars.count, chars[i] == "*" {
                    i += 1
                    if argIndex < args.count, case .int(let p) = args[argIndex], p <= 1_000_000 {
                        spec.precision = p < 0 ? nil : p
                    } else {
                        out += "%!(BADPREC)"
                    }
                    argIndex += 1
                } else {
                    var p = 0
                    while i < chars.count, let d = asciiDigit(chars[i]) {
                        if p > 1_000_000 { i = chars.count; break }
                        p = p * 10 + d
                        i += 1
                    }
                    spec.precision = p
                }
            }
            guard i < chars.count else {
                out += "%!(NOVERB)"
                break
            }
            let verb = Character(chars[i])
            i += 1
            if verb == "%" {
                out += "%"
                continue
            }
            guard argIndex < args.count else {
                out += "%!\(verb)(MISSING)"
                continue
            }
            out += Self.format(args[argIndex], verb: verb, spec)
            argIndex += 1
        }
        if argIndex < args.count {
            out += "%!(EXTRA "
            out += args[argIndex...].map { badOperand($0) }.joined(separator: ", ")
            out += ")"
        }
        return out
    }

    private static func asciiDigit(_ c: Unicode.Scalar) -> Int? {
        c.value >= 0x30 && c.value <= 0x39 ? Int(c.value - 0x30) : nil
    }

    private static func badOperand(_ v: TemplateValue) -> String {
        if case .null = v { return "<nil>" }
        return v.goTypeName + "=" + value(v)
    }

    private static func bad(_ v: TemplateValue, _ verb: Character, _ spec: Spec) -> String {
        if case .null = v { return "%!\(verb)(<nil>)" }
        return "%!\(verb)(\(v.goTypeName)=\(format(v, verb: "v", spec)))"
    }

    static func format(_ v: TemplateValue, verb: Character, _ spec: Spec) -> String {
        if verb == "T" { return pad(v == .null ? "<nil>" : v.goTypeName, spec) }
        if verb == "v", spec.sharp, case .string(let s) = v { return pad(quote(s), spec) }
        switch v {
        case .null:
            return verb == "v" ? pad("<nil>", spec) : bad(v, verb, spec)
        case .bool(let b):
            return verb == "v" || verb == "t" ? pad(b ? "true" : "false", spec) : bad(v, verb, spec)
        case .int(let n):
            return formatInt(n, verb: verb, spec) ?? bad(v, verb, spec)
        case .double(let d):
            return formatDouble(d, verb: verb, spec) ?? bad(v, verb, spec)
        case .string(let s):
            return formatString(s, verb: verb, spec) ?? bad(v, verb, spec)
        case .array(let items):
            if spec.sharp && verb == "v" {
                return "[]interface {}{" + items.map { goSyntax($0) }.joined(separator: ", ") + "}"
            }
            return "[" + items.map { element($0, verb, spec) }.joined(separator: " ") + "]"
        case .object:
            if spec.sharp && verb == "v" { return goSyntax(v) }
            let body = v.sortedMembers.map { key, value in
                element(.string(key), verb, spec) + ":" + element(value, verb, spec)
            }
            return "map[" + body.joined(separator: " ") + "]"
        }
    }

    /// Elements inside a slice or map: a nil interface prints `<nil>` for
    /// every verb.
    private static func element(_ v: TemplateValue, _ verb: Character, _ spec: Spec) -> String {
        if case .null = v { return "<nil>" }
        return format(v, verb: verb, spec)
    }

    private static func goSyntax(_ v: TemplateValue) -> String {
        switch v {
        case .null: return "interface {}(nil)"
        case .string(let s): return quote(s)
        case .array(let items): return "[]interface {}{" + items.map(goSyntax).joined(separator: ", ") + "}"
        case .object:
            let body = v.sortedMembers.map { quote($0.0) + ":" + goSyntax($0.1) }
            return "map[string]interface {}{" + body.joined(separator: ", ") + "}"
        default: return value(v)
        }
    }

    static func pad(_ s: String, _ spec: Spec) -> String {
        guard let width = spec.width else { return s }
        let n = s.unicodeScalars.count
        guard width > n else { return s }
        if spec.minus { return s + String(repeating: " ", count: width - n) }
        return String(repeating: spec.zero ? "0" : " ", count: width - n) + s
    }

    /// Numbers pad with zeros after the sign.
    private static func padNumber(sign: String, digits: String, _ spec: Spec) -> String {
        if spec.zero, !spec.minus, let width = spec.width, spec.precision == nil {
            let n = sign.count + digits.count
            if width > n { return sign + String(repeating: "0", count: width - n) + digits }
            return sign + digits
        }
        var noZero = spec
        noZero.zero = false
        return pad(sign + digits, noZero)
    }

    private static func formatInt(_ n: Int, verb: Character, _ spec: Spec) -> String? {
        let sign = n < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : ""
        let magnitude = n.magnitude
        var digits: String
        switch verb {
        case "d", "v": digits = String(magnitude)
        case "b": digits = String(magnitude, radix: 2)
        case "o", "O":
            digits = String(magnitude, radix: 8)
            if verb == "O" { digits = "0o" + digits } else if spec.sharp { digits = "0" + digits }
        case "x": digits = String(magnitude, radix: 16); if spec.sharp { digits = "0x" + digits }
        case "X": digits = String(magnitude, radix: 16).uppercased(); if spec.sharp { digits = "0X" + digits }
        case "c":
            let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: n)) ?? "\u{FFFD}"
            return pad(String(Character(scalar)), spec)
        case "q":
            let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: n)) ?? "\u{FFFD}"
            return pad(quoteRune(scalar), spec)
        case "e", "E", "f", "F", "g", "G":
            // JSON writes integral floats without a fraction; format them as floats.
            return formatDouble(Double(n), verb: verb, spec)
        case "U":
            var hex = String(magnitude, radix: 16).uppercased()
            while hex.count < 4 { hex = "0" + hex }
            return pad("U+" + hex, spec)
        default: return nil
        }
        if let p = spec.precision, digits.count < p, ["d", "v", "b", "o", "x", "X"].contains(verb) {
            digits = String(repeating: "0", count: p - digits.count) + digits
        }
        return padNumber(sign: sign, digits: digits, spec)
    }

    private static func formatDouble(_ d: Double, verb: Character, _ spec: Spec) -> String? {
        var body: String
        switch verb {
        case "v", "g", "G":
            if let p = spec.precision {
                body = GoFloat.cFormat(abs(d), verb: verb == "G" ? "G" : "g", precision: max(p, 1), sharp: spec.sharp)
            } else {
                body = GoFloat.shortestG(abs(d))
                if verb == "G" { body = body.uppercased() }
            }
        case "e", "E", "f", "F":
            body = GoFloat.cFormat(abs(d), verb: verb, precision: spec.precision ?? 6, sharp: spec.sharp)
        default: return nil
        }
        if d.isNaN { return pad(spec.plus ? "+NaN" : "NaN", spec) }
        if d.isInfinite {
            return pad(d < 0 ? "-Inf" : spec.plus ? "+Inf" : spec.space ? " Inf" : "Inf", spec)
        }
        let sign = d.sign == .minus ? "-" : spec.plus ? "+" : spec.space ? " " : ""
        if spec.zero, !spec.minus, let width = spec.width {
            let n = sign.count + body.count
            return width > n ? sign + String(repeating: "0", count: width - n) + body : sign + body
        }
        var noZero = spec
        noZero.zero = false
        return pad(sign + body, noZero)
    }

    private static func formatString(_ s: String, verb: Character, _ spec: Spec) -> String? {
        var text = s
        if let p = spec.precision, ["s", "v", "q"].contains(verb) {
            text = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p)))
        }
        switch verb {
        case "s", "v": return pad(text, spec)
        case "q":
            if spec.sharp, !text.contains("`"), text.unicodeScalars.allSatisfy({ $0 == "\t" || isPrint($0) }) {
                return pad("`" + text + "`", spec)
            }
            return pad(quote(text), spec)
        case "x", "X":
            let hex = s.utf8.map { b -> String in
                let h = String(b, radix: 16)
                return (h.count == 1 ? "0" + h : h)
            }
            let joined = hex.joined(separator: spec.space ? " " : "")
            return pad(verb == "X" ? joined.uppercased() : joined, spec)
        default: return nil
        }
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols
    /// and the ASCII space.
    static func isPrint(_ s: Unicode.Scalar) -> Bool {
        if s == " " { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func escape(_ s: Unicode.Scalar, quote q: Unicode.Scalar) -> String {
        switch s {
        case q, "\\": return "\\" + String(s)
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{0B}": return "\\v"
        default:
            if isPrint(s) { return String(s) }
            if s.value < 0x20 || s.value == 0x7F {
                let h = String(s.value, radix: 16)
                return "\\x" + (h.count == 1 ? "0" + h : h)
            }
            var h = String(s.value, radix: 16)
            if s.value < 0x10000 {
                while h.count < 4 { h = "0" + h }
                return "\\u" + h
            }
            while h.count < 8 { h = "0" + h }
            return "\\U" + h
        }
    }

    /// Go's `strconv.Quote`.
    static func quote(_ s: String) -> String {
        "\"" + s.unicodeScalars.map { escape($0, quote: "\"") }.joined() + "\""
    }

    static func quoteRune(_ s: Unicode.Scalar) -> String {
        "'" + escape(s, quote: "'") + "'"
    }
}
