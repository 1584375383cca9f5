/// A string as Go's encoding/json writes it: quotes, backslash and control
/// characters escaped, U+2028/U+2029 as \u escapes, and `<`, `>`, `&` too
/// when HTML escaping is on (Go's default, which `podman inspect` keeps;
/// templates' `json` function turns it off).
package enum JSONString {
    package static func append(_ s: String, to out: inout String, escapingHTML: Bool) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case "<" where escapingHTML: out += "\\u003c"
            case ">" where escapingHTML: out += "\\u003e"
            case "&" where escapingHTML: out += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    let digits = Array("0123456789abcdef")
                    out += "\\u00" + String([digits[Int(scalar.value >> 4)], digits[Int(scalar.value & 0xF)]])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
