/// The parsed form of a template, shaped like Go's text/template/parse tree.
indirect enum TemplateNode: Sendable {
    case text(String)
    case action(TemplatePipe)
    case ifNode(TemplatePipe, [TemplateNode], [TemplateNode]?)
    case rangeNode(TemplatePipe, [TemplateNode], [TemplateNode]?)
    case withNode(TemplatePipe, [TemplateNode], [TemplateNode]?)
    case breakNode
    case continueNode
}

struct TemplatePipe: Sendable {
    var pos: Int
    var text: String
    var declarations: [String]
    var isAssign: Bool
    var commands: [TemplateCommand]
}

struct TemplateCommand: Sendable {
    var pos: Int
    var text: String
    var args: [TemplateArg]
}

struct TemplateArg: Sendable {
    indirect enum Kind: Sendable {
        case field([String])
        case variable(String, [String])
        case chain(TemplateArg, [String])
        case dot
        case nilValue
        case bool(Bool)
        case number(int: Int?, double: Double?, isFloat: Bool)
        case string(String)
        case function(String)
        case pipe(TemplatePipe)
    }
    var kind: Kind
    var pos: Int
    var text: String
}

/// Names a template may call: Go's builtins plus Podman's additions.
let templateFunctionNames: Set<String> = [
    "and", "or", "not", "len", "index", "slice", "print", "printf", "println",
    "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery", "call",
    "json", "lower", "upper", "title", "split", "join", "truncate", "pad",
]

struct TemplateParser {
    private enum TokenKind: Equatable {
        case field(String), variable(String), identifier(String)
        case string(String), number(String), char(Int)
        case dot, pipe, leftParen, rightParen, comma, declare, assign
    }

    private struct Token {
        var kind: TokenKind
        var pos: Int
        var end: Int
        var spaceBefore: Bool
    }

    private enum ListEnd {
        case eof
        case end(pos: Int)
        case elseClause(pos: Int, tokens: [Token])
    }

    let source: [UInt8]
    private var pos = 0
    private var trimNextText = false
    private var variables: [String] = ["$"]
    private var rangeDepth = 0

    init(_ text: String) {
        source = Array(text.utf8)
    }

    mutating func parse() throws -> [TemplateNode] {
        let (nodes, end) = try parseList()
        switch end {
        case .eof: return nodes
        case .end(let p): throw error(p, "unexpected {{end}}")
        case .elseClause(let p, _): throw error(p, "unexpected {{else}}")
        }
    }

    private func error(_ at: Int, _ message: String) -> TemplateError {
        TemplateError.at(at, in: source, .parse, message)
    }

    private func slice(_ from: Int, _ to: Int) -> String {
        String(decoding: source[max(from, 0)..<min(to, source.count)], as: UTF8.self)
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }

    private func hasPrefix(_ s: String, at i: Int) -> Bool {
        let p = Array(s.utf8)
        return i + p.count <= source.count && Array(source[i..<i + p.count]) == p
    }

    // MARK: text and actions

    /// Parses text and actions until EOF, `{{end}}` or `{{else ...}}`.
    private mutating func parseList() throws -> ([TemplateNode], ListEnd) {
        var nodes: [TemplateNode] = []
        while true {
            var next = pos
            while next < source.count, !hasPrefix("{{", at: next) { next += 1 }
            var text = Array(source[pos..<next])
            if trimNextText {
                while let f = text.first, Self.isSpace(f) { text.removeFirst() }
                trimNextText = false
            }
            guard next < source.count else {
                if !text.isEmpty { nodes.append(.text(String(decoding: text, as: UTF8.self))) }
                pos = source.count
                return (nodes, .eof)
            }
            var contentStart = next + 2
            if contentStart + 1 < source.count, source[contentStart] == UInt8(ascii: "-"), Self.isSpace(source[contentStart + 1]) {
                while let l = text.last, Self.isSpace(l) { text.removeLast() }
                contentStart += 2
            }
            if !text.isEmpty { nodes.append(.text(String(decoding: text, as: UTF8.self))) }
            pos = contentStart
            if try skipComment(actionStart: next) { continue }
            let tokens = try lexAction(actionStart: next)
            guard let first = tokens.first else {
                throw error(next, "missing value for command")
            }
            if case .identifier(let word) = first.kind {
                switch word {
                case "end":
                    try expectEnd(tokens, 1, "end")
                    return (nodes, .end(pos: first.pos))
                case "else":
                    return (nodes, .elseClause(pos: first.pos, tokens: Array(tokens.dropFirst())))
                case "if", "range", "with":
                    nodes.append(try parseControl(word, Array(tokens.dropFirst()), keywordPos: first.pos))
                    continue
                case "break", "continue":
                    guard rangeDepth > 0 else { throw error(first.pos, "{{\(word)}} outside {{range}}") }
                    try expectEnd(tokens, 1, word)
                    nodes.append(word == "break" ? .breakNode : .continueNode)
                    continue
                case "define", "template", "block":
                    throw error(first.pos, "{{\(word)}} is not supported in --format templates")
                default: break
                }
            }
            nodes.append(.action(try parsePipeline(tokens, context: "command", start: next)))
        }
    }

    private func expectEnd(_ tokens: [Token], _ index: Int, _ context: String) throws {
        if tokens.count > index {
            throw error(tokens[index].pos, "unexpected \(describe(tokens[index])) in \(context)")
        }
    }

    private func describe(_ t: Token) -> String {
        "\"" + slice(t.pos, t.end) + "\""
    }

    private mutating func skipComment(actionStart: Int) throws -> Bool {
        guard hasPrefix("/*", at: pos) else { return false }
        var i = pos + 2
        while i + 1 < source.count, !hasPrefix("*/", at: i) { i += 1 }
        guard i + 1 < source.count else { throw error(actionStart, "unclosed comment") }
        i += 2
        if hasPrefix("}}", at: i) {
            pos = i + 2
        } else if i + 3 < source.count, Self.isSpace(source[i]), hasPrefix("-}}", at: i + 1) {
            pos = i + 4
            trimNextText = true
        } else {
            throw error(actionStart, "comment ends before closing delimiter")
        }
        return true
    }

    /// Splits one action into tokens and moves past its closing `}}`.
    private mutating func lexAction(actionStart: Int) throws -> [Token] {
        var tokens: [Token] = []
        var spaceBefore = true
        var parenDepth = 0
        while true {
            guard pos < source.count else { throw error(actionStart, "unclosed action") }
            let c = source[pos]
            if Self.isSpace(c) {
                if pos + 3 < source.count + 0, hasPrefix("-}}", at: pos + 1) {
                    pos += 4
                    trimNextText = true
                    break
                }
                pos += 1
                spaceBefore = true
                continue
            }
            if hasPrefix("}}", at: pos) {
                pos += 2
                break
            }
            let start = pos
            var kind: TokenKind
            switch c {
            case UInt8(ascii: "\""): kind = .string(try lexQuoted())
            case UInt8(ascii: "`"):
                pos += 1
                while pos < source.count, source[pos] != UInt8(ascii: "`") { pos += 1 }
                guard pos < source.count else { throw error(start, "unterminated raw quoted string") }
                kind = .string(slice(start + 1, pos).replacingCarriageReturns())
                pos += 1
            case UInt8(ascii: "'"): kind = .char(try lexChar())
            case UInt8(ascii: "$"):
                pos += 1
                while pos < source.count, Self.isAlnum(source[pos]) { pos += 1 }
                kind = .variable(slice(start, pos))
            case UInt8(ascii: "."):
                if pos + 1 < source.count, source[pos + 1] >= 0x30, source[pos + 1] <= 0x39 {
                    kind = .number(lexNumber())
                } else {
                    pos += 1
                    if pos < source.count, Self.isAlnum(source[pos]) {
                        while pos < source.count, Self.isAlnum(source[pos]) { pos += 1 }
                        kind = .field(slice(start + 1, pos))
                    } else {
                        kind = .dot
                    }
                }
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                kind = .number(lexNumber())
                if case .number(let n) = kind, n == "+" || n == "-" {
                    throw error(start, "bad number syntax: \"\(n)\"")
                }
            case UInt8(ascii: "|"): pos += 1; kind = .pipe
            case UInt8(ascii: "("): pos += 1; kind = .leftParen; parenDepth += 1
            case UInt8(ascii: ")"):
                pos += 1
                kind = .rightParen
                parenDepth -= 1
                if parenDepth < 0 { throw error(start, "unexpected \")\" in command") }
            case UInt8(ascii: ","): pos += 1; kind = .comma
            case UInt8(ascii: "="): pos += 1; kind = .assign
            case UInt8(ascii: ":"):
                guard hasPrefix(":=", at: pos) else { throw error(start, "expected :=") }
                pos += 2
                kind = .declare
            default:
                if Self.isAlnum(c) {
                    while pos < source.count, Self.isAlnum(source[pos]) { pos += 1 }
                    kind = .identifier(slice(start, pos))
                } else if c < 0x7F, c >= 0x20 {
                    throw error(start, "unexpected \"\(Character(Unicode.Scalar(c)))\" in command")
                } else {
                    let scalar = slice(start, min(start + 4, source.count)).unicodeScalars.first ?? "?"
                    var hex = String(scalar.value, radix: 16).uppercased()
                    while hex.count < 4 { hex = "0" + hex }
                    throw error(start, "unrecognized character in action: U+\(hex) '\(scalar)'")
                }
            }
            tokens.append(Token(kind: kind, pos: start, end: pos, spaceBefore: spaceBefore))
            spaceBefore = false
        }
        if parenDepth > 0 { throw error(actionStart, "unclosed left paren") }
        return tokens
    }

    private mutating func lexNumber() -> String {
        let start = pos
        if source[pos] == UInt8(ascii: "+") || source[pos] == UInt8(ascii: "-") { pos += 1 }
        var hex = false
        if hasPrefix("0x", at: pos) || hasPrefix("0X", at: pos) { hex = true; pos += 2 }
        else if hasPrefix("0o", at: pos) || hasPrefix("0O", at: pos) || hasPrefix("0b", at: pos) || hasPrefix("0B", at: pos) { pos += 2 }
        while pos < source.count {
            let b = source[pos]
            let isDigit = (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_")
                || (hex && ((b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)))
            if isDigit || b == UInt8(ascii: ".") {
                pos += 1
            } else if !hex, b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                pos += 1
                if pos < source.count, source[pos] == UInt8(ascii: "+") || source[pos] == UInt8(ascii: "-") { pos += 1 }
            } else {
                break
            }
        }
        return slice(start, pos)
    }

    private mutating func lexQuoted() throws -> String {
        let start = pos
        pos += 1
        var out = ""
        while true {
            guard pos < source.count, source[pos] != UInt8(ascii: "\n") else {
                throw error(start, "unterminated quoted string")
            }
            let c = source[pos]
            if c == UInt8(ascii: "\"") { pos += 1; return out }
            if c == UInt8(ascii: "\\") {
                pos += 1
                guard pos < source.count else { throw error(start, "unterminated quoted string") }
                out.unicodeScalars.append(try lexEscape(quote: UInt8(ascii: "\""), start: start))
                continue
            }
            let s = pos
            pos += 1
            while pos < source.count, source[pos] & 0xC0 == 0x80 { pos += 1 }
            out += slice(s, pos)
        }
    }

    private mutating func lexChar() throws -> Int {
        let start = pos
        pos += 1
        guard pos < source.count, source[pos] != UInt8(ascii: "'"), source[pos] != UInt8(ascii: "\n") else {
            throw error(start, "unterminated character constant")
        }
        let scalar: Unicode.Scalar
        if source[pos] == UInt8(ascii: "\\") {
            pos += 1
            scalar = try lexEscape(quote: UInt8(ascii: "'"), start: start)
        } else {
            let s = pos
            pos += 1
            while pos < source.count, source[pos] & 0xC0 == 0x80 { pos += 1 }
            scalar = slice(s, pos).unicodeScalars.first ?? "\u{FFFD}"
        }
        guard pos < source.count, source[pos] == UInt8(ascii: "'") else {
            throw error(start, "unterminated character constant")
        }
        pos += 1
        return Int(scalar.value)
    }

    /// After a backslash: Go's escapes `\a \b \f \n \r \t \v \\ \" \xHH \ooo \uHHHH \UHHHHHHHH`.
    private mutating func lexEscape(quote: UInt8, start: Int) throws -> Unicode.Scalar {
        let e = source[pos]
        pos += 1
        switch e {
        case UInt8(ascii: "a"): return "\u{07}"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "v"): return "\u{0B}"
        case UInt8(ascii: "\\"): return "\\"
        case quote: return Unicode.Scalar(quote)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
            guard pos + n <= source.count, let v = UInt32(slice(pos, pos + n), radix: 16) else {
                throw error(start, "invalid syntax in quoted string")
            }
            pos += n
            if e == UInt8(ascii: "x") { return Unicode.Scalar(UInt8(v)) }
            guard let s = Unicode.Scalar(v) else { throw error(start, "invalid syntax in quoted string") }
            return s
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard pos + 2 <= source.count, let v = UInt32(slice(pos - 1, pos + 2), radix: 8), v < 256 else {
                throw error(start, "invalid syntax in quoted string")
            }
            pos += 2
            return Unicode.Scalar(UInt8(v))
        default:
            throw error(start, "invalid syntax in quoted string")
        }
    }

    // MARK: control structures

    private mutating func parseControl(_ word: String, _ tokens: [Token], keywordPos: Int) throws -> TemplateNode {
        let mark = variables.count
        defer { variables.removeSubrange(mark...) }
        let pipe = try parsePipeline(tokens, context: word, start: keywordPos)
        if word == "range" { rangeDepth += 1 }
        let (body, end) = try parseList()
        if word == "range" { rangeDepth -= 1 }
        var elseList: [TemplateNode]?
        switch end {
        case .eof:
            throw error(source.count, "unexpected EOF")
        case .end:
            break
        case .elseClause(_, let rest):
            if let first = rest.first, case .identifier(let next) = first.kind, next == "if" || next == "with" {
                guard next == word else {
                    throw error(first.pos, "unexpected \"\(next)\" after else in {{\(word)}}")
                }
                elseList = [try parseControl(next, Array(rest.dropFirst()), keywordPos: first.pos)]
            } else {
                if let first = rest.first { throw error(first.pos, "unexpected \(describe(first)) in else") }
                let (list, elseEnd) = try parseList()
                switch elseEnd {
                case .end: break
                case .eof: throw error(source.count, "unexpected EOF")
                case .elseClause(let p, _): throw error(p, "expected end; found {{else}}")
                }
                elseList = list
            }
        }
        switch word {
        case "if": return .ifNode(pipe, body, elseList)
        case "range": return .rangeNode(pipe, body, elseList)
        default: return .withNode(pipe, body, elseList)
        }
    }

    // MARK: pipelines

    private mutating func parsePipeline(_ tokens: [Token], context: String, start: Int) throws -> TemplatePipe {
        var i = 0
        var declarations: [String] = []
        var isAssign = false
        // Declarations: `$x :=`, `$x =`, `$i, $e :=` (range only).
        if case .variable(let first) = tokens.first?.kind {
            if tokens.count > 1, tokens[1].kind == .declare || tokens[1].kind == .assign {
                declarations = [first]
                isAssign = tokens[1].kind == .assign
                i = 2
            } else if tokens.count > 1, tokens[1].kind == .comma {
                guard context == "range" else { throw error(tokens[1].pos, "too many declarations in \(context)") }
                guard tokens.count > 3, case .variable(let second) = tokens[2].kind,
                      tokens[3].kind == .declare || tokens[3].kind == .assign
                else { throw error(tokens[1].pos, "range can only initialize variables") }
                declarations = [first, second]
                isAssign = tokens[3].kind == .assign
                i = 4
            }
        }
        if isAssign {
            for name in declarations where !variables.contains(name) {
                throw error(tokens[0].pos, "undefined variable \"\(name)\"")
            }
        }
        let pipeStart = i < tokens.count ? tokens[i].pos : start
        var commands: [TemplateCommand] = []
        var args: [TemplateArg] = []
        var commandStart = pipeStart
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .pipe {
                guard !args.isEmpty else { throw error(t.pos, "missing command") }
                commands.append(TemplateCommand(pos: commandStart, text: slice(commandStart, tokens[i - 1].end).trimmedTemplateText, args: args))
                args = []
                i += 1
                commandStart = i < tokens.count ? tokens[i].pos : t.end
                if i == tokens.count { throw error(t.pos, "missing command") }
                continue
            }
            args.append(try parseOperand(tokens, &i))
        }
        if !args.isEmpty {
            commands.append(TemplateCommand(pos: commandStart, text: slice(commandStart, tokens.last!.end).trimmedTemplateText, args: args))
        }
        guard !commands.isEmpty else { throw error(start, "missing value for \(context)") }
        for (n, command) in commands.enumerated() {
            let head = command.args[0]
            if n > 0 {
                switch head.kind {
                case .bool, .dot, .nilValue, .number, .string:
                    throw error(head.pos, "non executable command in pipeline stage \(n + 1)")
                default: break
                }
            }
        }
        if !isAssign { variables.append(contentsOf: declarations) }
        let endPos = tokens.last?.end ?? start
        return TemplatePipe(pos: pipeStart, text: slice(pipeStart, endPos).trimmedTemplateText,
                            declarations: declarations, isAssign: isAssign, commands: commands)
    }

    private mutating func parseOperand(_ tokens: [Token], _ i: inout Int) throws -> TemplateArg {
        let t = tokens[i]
        i += 1
        var arg: TemplateArg
        switch t.kind {
        case .field(let name):
            arg = TemplateArg(kind: .field([name]), pos: t.pos, text: slice(t.pos, t.end))
        case .variable(let name):
            guard variables.contains(name) else { throw error(t.pos, "undefined variable \"\(name)\"") }
            arg = TemplateArg(kind: .variable(name, []), pos: t.pos, text: name)
        case .dot:
            arg = TemplateArg(kind: .dot, pos: t.pos, text: ".")
        case .string(let s):
            arg = TemplateArg(kind: .string(s), pos: t.pos, text: slice(t.pos, t.end))
        case .char(let c):
            arg = TemplateArg(kind: .number(int: c, double: Double(c), isFloat: false), pos: t.pos, text: slice(t.pos, t.end))
        case .number(let text):
            arg = TemplateArg(kind: try parseNumber(text, at: t.pos), pos: t.pos, text: text)
        case .identifier(let name):
            switch name {
            case "true", "false": arg = TemplateArg(kind: .bool(name == "true"), pos: t.pos, text: name)
            case "nil": arg = TemplateArg(kind: .nilValue, pos: t.pos, text: name)
            case "if", "else", "end", "range", "with", "break", "continue", "define", "template", "block":
                throw error(t.pos, "unexpected <\(name)> in operand")
            default:
                guard templateFunctionNames.contains(name) else {
                    throw error(t.pos, "function \"\(name)\" not defined")
                }
                arg = TemplateArg(kind: .function(name), pos: t.pos, text: name)
            }
        case .leftParen:
            var depth = 1
            var j = i
            while j < tokens.count {
                if tokens[j].kind == .leftParen { depth += 1 }
                if tokens[j].kind == .rightParen { depth -= 1; if depth == 0 { break } }
                j += 1
            }
            guard j < tokens.count else { throw error(t.pos, "unclosed left paren") }
            let inner = Array(tokens[i..<j])
            guard !inner.isEmpty else { throw error(t.pos, "missing value for parenthesized pipeline") }
            let pipe = try parsePipeline(inner, context: "parenthesized pipeline", start: t.pos)
            i = j + 1
            arg = TemplateArg(kind: .pipe(pipe), pos: t.pos, text: slice(t.pos, tokens[j].end))
        default:
            throw error(t.pos, "unexpected \(describe(t)) in operand")
        }
        // Fields written directly after an operand chain onto it: `$x.Name`, `(index .A 0).Name`, `.A.B`.
        var chain: [String] = []
        var chainPos = t.pos
        var end = t.end
        if case .pipe = arg.kind {
            end = tokens[i - 1].end
        }
        while i < tokens.count, !tokens[i].spaceBefore, case .field(let name) = tokens[i].kind {
            chain.append(name)
            chainPos = tokens[i].pos
            end = tokens[i].end
            i += 1
        }
        if !chain.isEmpty {
            let text = slice(arg.pos, end)
            switch arg.kind {
            // Go reports a field chain at its last field.
            case .field(let names): arg = TemplateArg(kind: .field(names + chain), pos: chainPos, text: text)
            case .variable(let name, let names): arg = TemplateArg(kind: .variable(name, names + chain), pos: chainPos, text: text)
            case .pipe, .dot: arg = TemplateArg(kind: .chain(arg, chain), pos: arg.pos, text: text)
            default: throw error(tokens[i - chain.count].pos, "unexpected . after term \"\(arg.text)\"")
            }
        }
        if i < tokens.count, !tokens[i].spaceBefore {
            switch tokens[i].kind {
            case .pipe, .rightParen, .leftParen: break
            default: throw error(tokens[i].pos, "unexpected \(describe(tokens[i])) in operand")
            }
        }
        return arg
    }

    private func parseNumber(_ text: String, at: Int) throws -> TemplateArg.Kind {
        let clean = String(text.filter { $0 != "_" })
        var body = Substring(clean)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        var radix = 10
        let lower = body.lowercased()
        if lower.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; body = body.dropFirst(2) }
        else if body.count > 1, body.first == "0", body.allSatisfy({ $0.isNumber }) { radix = 8; body = body.dropFirst() }
        if radix != 10 || !body.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            guard let magnitude = Int(body, radix: radix) else { throw error(at, "bad number syntax: \"\(text)\"") }
            let v = negative ? -magnitude : magnitude
            return .number(int: v, double: Double(v), isFloat: false)
        }
        guard let d = Double(clean) else { throw error(at, "bad number syntax: \"\(text)\"") }
        let asInt = d == d.rounded() && abs(d) < 9.2e18 ? Int(d) : nil
        return .number(int: asInt, double: d, isFloat: true)
    }
}

extension String {
    fileprivate func replacingCarriageReturns() -> String {
        String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\r" }))
    }

    /// Collapses runs of whitespace the way Go's node String() prints them.
    fileprivate var trimmedTemplateText: String {
        split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }
}
