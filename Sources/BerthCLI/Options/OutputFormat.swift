import Engine
import GoTemplate
import Foundation

/// How a listing or inspect prints: Podman's default table, `json`, or a
/// Go template (`{{.ID}}`, `table {{.Names}}\t{{.Status}}`, `{{json .}}`).
enum OutputFormat {
    case standard
    case json
    case template(String)

    init(_ flag: String?) {
        guard let flag, !flag.isEmpty else { self = .standard; return }
        self = flag == "json" ? .json : .template(flag)
    }

    /// Prints `value` as indented JSON (Podman's inspect style).
    static func printJSON<T: Encodable>(_ value: T) throws {
        let data = try JSONCoding.encoder(pretty: true).encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// Renders a listing through a Go template: a `table` format gets a
    /// header row (`headers` names columns as Podman does), other formats
    /// print once per row.
    /// `printHeader: false` (`--noheading`) drops a table format's header
    /// row; its rows stay aligned among themselves. `goType`, the Go struct
    /// Podman renders, makes a field the rows lack an error naming it (only
    /// for rows that encode every field, nil ones included).
    static func printTemplate<T: Encodable>(_ source: String, rows: [T], goType: String? = nil, headers: [String: String] = [:], printHeader: Bool = true) throws {
        var template = try parse(source)
        template.structType = goType
        let values = try rows.map(templateValue)
        emit(try rendering { template.isTable ? try template.renderTable(values, headers: headers, printHeader: printHeader) : try template.renderList(values) })
    }

    /// Renders each object on its own (`inspect --format`).
    static func printEach<T: Encodable>(_ source: String, objects: [T], goType: String? = nil) throws {
        var template = try parse(source)
        template.structType = goType
        var text = ""
        for object in objects { text += try rendering { try template.render(templateValue(object)) } }
        emit(text)
    }

    /// A template that fails while printing is a usage error (exit 125), as in Podman.
    private static func rendering(_ body: () throws -> String) throws -> String {
        do { return try body() } catch let error as TemplateError { throw EngineError.invalid(error.description) }
    }

    /// Renders one value already in template form (`info`, whose Go field
    /// names differ from its JSON names).
    static func printValue(_ source: String, value: TemplateValue) throws {
        emit(try rendering { try parse(source).render(value) })
    }

    private static func parse(_ source: String) throws -> GoTemplate {
        do { return try GoTemplate(source) } catch {
            throw EngineError.invalid("template parsing error: \(error)")
        }
    }

    static func templateValue<T: Encodable>(_ value: T) throws -> TemplateValue {
        try TemplateValue(json: Array(JSONCoding.encoder(pretty: false).encode(value)))
    }

    private static func emit(_ text: String) {
        if !text.isEmpty { print(text, terminator: text.hasSuffix("\n") ? "" : "\n") }
    }

    /// Columns padded like Go's tabwriter with a padding of 2... at least
    /// 2 spaces between columns, Podman's table look.
    static func printTable(header: [String]?, rows: [[String]]) {
        let all = (header.map { [$0] } ?? []) + rows
        guard let columns = all.map(\.count).max(), columns > 0 else { return }
        var widths = [Int](repeating: 0, count: columns)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in all {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            out += line + "\n"
        }
        print(out, terminator: "")
    }
}
