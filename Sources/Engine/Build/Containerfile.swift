import Foundation

/// A parsed Containerfile (or Dockerfile): its instructions with the line
/// each starts on. Parsing follows Docker's rules: `# escape=` and
/// `# syntax=` parser directives at the top, comment lines, line
/// continuations with the escape character (comments and blank lines inside
/// a continuation are dropped), and heredocs (`<<EOF`, `<<-EOF`) after RUN
/// and COPY.
package struct Containerfile: Sendable {
    /// The file as the user named it, for messages (`Containerfile:3: ...`).
    package var name: String
    package var escape: Character
    package var instructions: [Instruction]

    package struct Heredoc: Sendable, Equatable {
        package var delimiter: String
        package var content: String
        /// `<<"EOF"` / `<<'EOF'`: no variable expansion.
        package var quoted: Bool
    }

    package struct Instruction: Sendable, Equatable {
        package var line: Int
        /// Upper-cased keyword (`RUN`).
        package var keyword: String
        /// `--name=value` flags before the arguments, in order.
        package var flags: [String]
        /// The rest of the instruction, continuations joined.
        package var arguments: String
        package var heredocs: [Heredoc] = []

        /// What Podman shows after `STEP n/m:`.
        package var display: String {
            ([keyword] + flags + (arguments.isEmpty ? [] : [arguments])).joined(separator: " ")
        }

        /// The JSON (exec) form's words, nil for the shell form.
        package var jsonArguments: [String]? {
            let trimmed = arguments.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("["), trimmed.hasSuffix("]"),
                  let words = try? JSONDecoder().decode([String].self, from: Data(trimmed.utf8)) else { return nil }
            return words
        }

        /// The value of `--name=value` (the last one given), nil when absent.
        package func flag(_ name: String) -> String? {
            flags.last { $0.hasPrefix("--" + name + "=") }.map { String($0.dropFirst(name.count + 3)) }
        }

        package func flagValues(_ name: String) -> [String] {
            flags.filter { $0.hasPrefix("--" + name + "=") }.map { String($0.dropFirst(name.count + 3)) }
        }
    }

    package static let knownInstructions: Set<String> = [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
        "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ]

    /// Parses `text`; `name` is used in error messages.
    package static func parse(_ text: String, name: String) throws -> Containerfile {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        var escape: Character = "\\"
        var index = 0
        // Parser directives: `# key=value` lines before anything else.
        var seenDirectives: Set<String> = []
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("#") else { break }
            let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
            guard let eq = body.firstIndex(of: "="), !body[..<eq].contains(" ") else { break }
            let key = body[..<eq].lowercased().trimmingCharacters(in: .whitespaces)
            let value = body[body.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard key == "escape" || key == "syntax" else { break }
            if !seenDirectives.insert(key).inserted { break }
            if key == "escape" {
                guard value == "\\" || value == "`" else {
                    throw EngineError.invalid("\(name):\(index + 1): invalid escape token \(value.debugDescription): must be ` or \\")
                }
                escape = value.first!
            }
            index += 1
        }

        var instructions: [Instruction] = []
        while index < lines.count {
            let startLine = index + 1
            let first = lines[index]
            index += 1
            let trimmed = first.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var logical = ""
            var current = first
            while true {
                let (body, continues) = stripContinuation(current, escape: escape)
                logical += body
                guard continues else { break }
                // Comments and blank lines inside a continuation are skipped.
                var next: String?
                while index < lines.count {
                    let candidate = lines[index]
                    index += 1
                    let t = candidate.trimmingCharacters(in: .whitespaces)
                    if t.hasPrefix("#") || t.isEmpty { continue }
                    next = candidate
                    break
                }
                guard let next else { break }
                current = next
            }
            var instruction = try splitInstruction(logical.trimmingCharacters(in: .whitespaces), line: startLine, name: name)
            if instruction.keyword == "RUN" || instruction.keyword == "COPY" || instruction.keyword == "ADD" {
                for (delimiter, strip, quoted) in heredocMarkers(in: instruction.arguments) {
                    var content: [String] = []
                    var closed = false
                    while index < lines.count {
                        var line = lines[index]
                        index += 1
                        if strip { line = String(line.drop { $0 == "\t" }) }
                        if line == delimiter { closed = true; break }
                        content.append(line)
                    }
                    guard closed else {
                        throw EngineError.invalid("\(name):\(startLine): heredoc \(delimiter.debugDescription) is not closed before the end of the file")
                    }
                    instruction.heredocs.append(Heredoc(delimiter: delimiter, content: content.map { $0 + "\n" }.joined(), quoted: quoted))
                }
            }
            instructions.append(instruction)
        }
        return Containerfile(name: name, escape: escape, instructions: instructions)
    }

    /// The line without a trailing escape character, and whether it had one.
    private static func stripContinuation(_ line: String, escape: Character) -> (String, Bool) {
        var body = Substring(line)
        while let last = body.last, last == " " || last == "\t" { body.removeLast() }
        guard body.last == escape else { return (line, false) }
        // An escaped escape character is not a continuation.
        var count = 0
        for c in body.reversed() { if c == escape { count += 1 } else { break } }
        guard count % 2 == 1 else { return (line, false) }
        return (String(body.dropLast()), true)
    }

    private static func splitInstruction(_ text: String, line: Int, name: String) throws -> Instruction {
        let keywordEnd = text.firstIndex { $0 == " " || $0 == "\t" } ?? text.endIndex
        let keyword = text[..<keywordEnd].uppercased()
        guard knownInstructions.contains(keyword) else {
            throw EngineError.invalid("\(name):\(line): unknown instruction: \(String(text[..<keywordEnd]).debugDescription)")
        }
        var rest = text[keywordEnd...].drop { $0 == " " || $0 == "\t" }
        var flags: [String] = []
        // Flags only where Docker has them; elsewhere `--x` is an argument.
        if ["FROM", "RUN", "ADD", "COPY", "HEALTHCHECK"].contains(keyword) {
            while rest.hasPrefix("--") {
                let end = rest.firstIndex { $0 == " " || $0 == "\t" } ?? rest.endIndex
                let flag = String(rest[..<end])
                if flag == "--" { break }
                flags.append(flag.contains("=") ? flag : flag + "=true")
                rest = rest[end...].drop { $0 == " " || $0 == "\t" }
            }
        }
        return Instruction(line: line, keyword: keyword, flags: flags, arguments: String(rest))
    }

    /// `<<EOF`, `<<-EOF`, `<<"EOF"` markers in an instruction's arguments.
    static func heredocMarkers(in text: String) -> [(String, Bool, Bool)] {
        var out: [(String, Bool, Bool)] = []
        var chars = Array(text)
        var i = 0
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
                i += 1
                continue
            }
            if c == "'" || c == "\"" { quote = c; i += 1; continue }
            if c == "<", i + 2 < chars.count, chars[i + 1] == "<", chars[i + 2] != "<" {
                var j = i + 2
                var strip = false
                if chars[j] == "-" { strip = true; j += 1 }
                var quoted = false
                var q: Character?
                if j < chars.count, chars[j] == "\"" || chars[j] == "'" { q = chars[j]; quoted = true; j += 1 }
                var word = ""
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" {
                    word.append(chars[j]); j += 1
                }
                if let q, j < chars.count, chars[j] == q { j += 1 }
                if !word.isEmpty { out.append((word, strip, quoted)) }
                i = j
                continue
            }
            i += 1
        }
        chars.removeAll()
        return out
    }
}
