/// A `--format` template as Podman reads it: Go text/template syntax,
/// Podman's functions, `table` layouts, and `\t` / `\n` typed literally on
/// the command line turned into tabs and newlines.
///
/// `render(_:)` prints one value the way `podman inspect --format` prints
/// each object (a newline is appended unless the format ends with one).
/// `renderTable(_:)` prints a header row and one row per value, aligned like
/// Podman's tabwriter.
public struct GoTemplate: Sendable {
    /// True when the format starts with `table `.
    public let isTable: Bool
    /// Go's type of each rendered object (`containers.psReporter`): set, a
    /// field the object lacks fails as in Podman instead of printing `<no value>`.
    public var structType: String?
    private let nodes: [TemplateNode]
    private let parsedText: [UInt8]
    private let rangesOverInput: Bool

    public init(_ source: String) throws {
        let tableBody = source.hasPrefix("table ") ? String(source.dropFirst(6)) : nil
        isTable = tableBody != nil
        // Podman parses the cooked text first; if that fails (a literal `\n`
        // inside a quoted string, say) it parses what the user typed.
        var normalized = Self.replace(source, isTable ? Self.tableReplacements : Self.escapeReplacements)
        if !normalized.hasSuffix("\n") { normalized += "\n" }
        var parser = TemplateParser(normalized)
        if let parsed = try? parser.parse() {
            nodes = parsed
            parsedText = parser.source
        } else {
            var raw = TemplateParser(tableBody ?? source)
            nodes = try raw.parse()
            parsedText = raw.source
        }
        rangesOverInput = !isTable && Self.containsRangeOverDot(source)
    }

    /// Prints `value` through the template. For a `table` format this is one
    /// unaligned row.
    public func render(_ value: TemplateValue) throws -> String {
        var executor = TemplateExecutor(source: parsedText, structType: structType)
        try executor.run(nodes, dot: value, root: value)
        return executor.output
    }

    /// A header row (field names split at case changes and upper-cased:
    /// `.CreatedAt` → `CREATED AT`) and one row per value, aligned into
    /// columns the way Podman's tabwriter does.
    public func renderTable(_ rows: [TemplateValue]) throws -> String {
        try renderTable(rows, headers: [:])
    }

    /// Like `renderTable(_:)` with column titles for some fields, as Podman's
    /// commands set them (`["ID": "CONTAINER ID"]`); titles are upper-cased.
    public func renderTable(_ rows: [TemplateValue], headers: [String: String]) throws -> String {
        try renderTable(rows, headers: headers, printHeader: true)
    }

    /// `printHeader: false` is `--noheading`: rows aligned among themselves.
    public func renderTable(_ rows: [TemplateValue], headers: [String: String], printHeader: Bool) throws -> String {
        let all = TemplateValue.array(rows)
        var text = ""
        if printHeader {
            var header = TemplateExecutor(source: parsedText, headerTitle: { field in
                headers[field].map { $0.uppercased() } ?? Self.headerTitle(field)
            })
            try header.run(nodes, dot: .null, root: .null)
            text = header.output
        }
        for row in rows {
            var executor = TemplateExecutor(source: parsedText, structType: structType)
            try executor.run(nodes, dot: row, root: all)
            text += executor.output
        }
        return TemplateTabWriter().format(text)
    }

    /// What a Podman list command prints for `--format` over `items`: a table
    /// with headers for `table` formats; the whole list at once when the
    /// format ranges over `.` itself (`{{range .}}...{{end}}`); otherwise the
    /// template once per item.
    public func renderList(_ items: [TemplateValue]) throws -> String {
        if isTable { return try renderTable(items) }
        if rangesOverInput { return try render(.array(items)) }
        var out = ""
        for item in items {
            var executor = TemplateExecutor(source: parsedText, structType: structType)
            try executor.run(nodes, dot: item, root: .array(items))
            out += executor.output
        }
        return out
    }

    // MARK: Podman's format normalization

    private static let tableReplacements = [("table ", ""), ("\\t", "\t"), ("\\n", "\n"), (" ", "\t")]
    private static let escapeReplacements = [("\\t", "\t"), ("\\n", "\n")]

    /// Go's `strings.Replacer`: at each position the first matching pattern
    /// wins, and replaced text is not scanned again.
    static func replace(_ text: String, _ pairs: [(String, String)]) -> String {
        let bytes = Array(text.utf8)
        let patterns = pairs.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        outer: while i < bytes.count {
            for (old, new) in patterns where i + old.count <= bytes.count && bytes[i..<i + old.count].elementsEqual(old) {
                out += new
                i += old.count
                continue outer
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Podman's `EnforceRange` test: `{{ range . }}` ... `{{ end }}` on one line.
    static func containsRangeOverDot(_ text: String) -> Bool {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let compact = String(line.filter { !$0.isWhitespace })
            if let r = compact.firstRange(of: "{{range.}}"), compact[r.upperBound...].contains("{{end") { return true }
        }
        return false
    }

    /// Podman's column title for a field: camel-case words, upper-cased.
    static func headerTitle(_ field: String) -> String {
        camelCaseWords(field).joined(separator: " ").uppercased()
    }

    /// containers/common's camelcase split: runs of lower-case letters,
    /// upper-case letters, digits and other characters; an upper-case run
    /// followed by lower-case letters gives its last letter to them
    /// (`PDFLoader` → `PDF`, `Loader`).
    static func camelCaseWords(_ s: String) -> [String] {
        enum Class { case lower, upper, digit, other }
        func classify(_ r: Unicode.Scalar) -> Class {
            switch r.properties.generalCategory {
            case .lowercaseLetter: return .lower
            case .uppercaseLetter: return .upper
            case .decimalNumber: return .digit
            default: return .other
            }
        }
        var runs: [[Unicode.Scalar]] = []
        var last: Class?
        for r in s.unicodeScalars {
            let c = classify(r)
            if c == last { runs[runs.count - 1].append(r) } else { runs.append([r]) }
            last = c
        }
        if runs.count > 1 {
            for i in 0..<(runs.count - 1) where !runs[i].isEmpty && !runs[i + 1].isEmpty {
                if classify(runs[i][0]) == .upper, classify(runs[i + 1][0]) == .lower {
                    runs[i + 1].insert(runs[i].removeLast(), at: 0)
                }
            }
        }
        return runs.filter { !$0.isEmpty }.map { String(String.UnicodeScalarView($0)) }
    }
}
