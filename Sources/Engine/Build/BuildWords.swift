/// Docker's word rules for instruction arguments: splitting on blanks
/// outside quotes, then per word removing quotes and escapes and expanding
/// `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alternative}` (not inside
/// single quotes; an escaped `$` stays literal).
package struct BuildWords {
    package var escape: Character
    package var environment: [String: String]

    package init(escape: Character, environment: [String: String]) {
        self.escape = escape
        self.environment = environment
    }

    /// Splits `text` into raw words (quotes and escapes kept).
    package func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped {
                current.append(c); escaped = false; continue
            }
            if c == escape && quote != "'" {
                current.append(c); escaped = true; inWord = true; continue
            }
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
                continue
            }
            if c == "'" || c == "\"" { quote = c; current.append(c); inWord = true; continue }
            if c == " " || c == "\t" || c == "\n" {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(c)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }

    /// One word with quotes and escapes removed and variables expanded.
    package func process(_ word: String) throws -> String {
        var out = ""
        let chars = Array(word)
        var i = 0
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if quote == "'" {
                if c == "'" { quote = nil } else { out.append(c) }
                i += 1
                continue
            }
            if c == escape {
                if i + 1 < chars.count {
                    let next = chars[i + 1]
                    // Inside double quotes only a few characters are escapable.
                    if quote == "\"" && !(next == "\"" || next == "$" || next == escape) {
                        out.append(c)
                    }
                    out.append(next)
                    i += 2
                } else {
                    out.append(c)
                    i += 1
                }
                continue
            }
            if quote == "\"" && c == "\"" { quote = nil; i += 1; continue }
            if quote == nil && (c == "'" || c == "\"") { quote = c; i += 1; continue }
            if c == "$" {
                let (value, next) = try expandVariable(chars, at: i)
                out += value
                i = next
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// Expands variables only (quotes kept): for values stored as written.
    package func expandOnly(_ text: String) throws -> String {
        var out = ""
        let chars = Array(text)
        var i = 0
        var inSingle = false
        while i < chars.count {
            let c = chars[i]
            if c == "'" { inSingle.toggle() }
            if c == escape && i + 1 < chars.count && chars[i + 1] == "$" {
                out.append("$"); i += 2; continue
            }
            if c == "$" && !inSingle {
                let (value, next) = try expandVariable(chars, at: i)
                out += value
                i = next
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// All words of `text`, processed.
    package func processAll(_ text: String) throws -> [String] {
        try split(text).map(process)
    }

    private func isNameChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }

    private func expandVariable(_ chars: [Character], at start: Int) throws -> (String, Int) {
        var i = start + 1
        guard i < chars.count else { return ("$", i) }
        if chars[i] == "{" {
            i += 1
            var name = ""
            while i < chars.count, isNameChar(chars[i]) { name.append(chars[i]); i += 1 }
            guard !name.isEmpty, i < chars.count else {
                throw EngineError.invalid("missing '}' in variable reference \(String(chars[start...]).debugDescription)")
            }
            if chars[i] == "}" { return (environment[name] ?? "", i + 1) }
            var modifier = ""
            if chars[i] == ":" { modifier = ":"; i += 1 }
            guard i < chars.count, chars[i] == "-" || chars[i] == "+" else {
                throw EngineError.invalid("unsupported modifier in variable reference \(String(chars[start...]).debugDescription)")
            }
            modifier.append(chars[i])
            i += 1
            var depth = 1
            var word = ""
            while i < chars.count {
                if chars[i] == "{" { depth += 1 }
                if chars[i] == "}" { depth -= 1; if depth == 0 { break } }
                word.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw EngineError.invalid("missing '}' in variable reference") }
            let alternative = try process(word)
            let value = environment[name]
            let set = modifier.hasPrefix(":") ? !(value ?? "").isEmpty : value != nil
            if modifier.hasSuffix("-") { return (set ? value! : alternative, i + 1) }
            return (set ? alternative : "", i + 1)
        }
        var name = ""
        while i < chars.count, isNameChar(chars[i]) { name.append(chars[i]); i += 1 }
        if name.isEmpty { return ("$", start + 1) }
        return (environment[name] ?? "", i)
    }

    /// `KEY=value KEY2="a b"` pairs (ENV, LABEL, ARG); the legacy
    /// `KEY value` form when `legacy` and there is no `=` in the first word.
    package func assignments(_ text: String, legacy: Bool) throws -> [(String, String)] {
        let raw = split(text)
        guard let first = raw.first else { return [] }
        if legacy && !first.contains("=") {
            let name = try process(first)
            let rest = text.drop { $0 == " " || $0 == "\t" }.dropFirst(first.count).drop { $0 == " " || $0 == "\t" }
            return [(name, try process(String(rest)))]
        }
        return try raw.map { word in
            guard let eq = word.firstIndex(of: "=") else { return (try process(word), "") }
            return (try process(String(word[..<eq])), try process(String(word[word.index(after: eq)...])))
        }
    }
}
