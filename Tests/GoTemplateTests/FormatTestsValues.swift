import Testing
@testable import GoTemplate

private func json(_ text: String) throws -> TemplateValue {
    try TemplateValue(json: Array(text.utf8))
}

private func rows(_ text: String) throws -> [TemplateValue] {
    guard case .array(let items) = try json(text) else { return [] }
    return items
}

@Suite("Format: JSON values")
struct FormatJSONTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var json: String
        var value: TemplateValue
        var testDescription: String { json }
    }

    @Test("parses JSON", arguments: [
        Case(json: #"{"b":1,"a":[true,false,null],"c":{"z":"x","y":-2.5e3}}"#,
             value: .object([("b", .int(1)), ("a", .array([.bool(true), .bool(false), .null])),
                             ("c", .object([("z", .string("x")), ("y", .double(-2500))]))])),
        Case(json: #"  "tab\tquote\"slash\/uni\u00e9 pair\ud83d\ude00"  "#, value: .string("tab\tquote\"slash/unié pair😀")),
        Case(json: "[1, 1.0, -0, 9223372036854775807, 9223372036854775808]",
             value: .array([.int(1), .double(1), .int(0), .int(Int.max), .double(9223372036854775808)])),
        Case(json: "{}", value: .object([])),
        Case(json: "[]", value: .array([])),
    ])
    func parses(_ c: Case) throws {
        #expect(try json(c.json) == c.value)
    }

    @Test("rejects broken JSON", arguments: ["", "{", "[1,]", #"{"a" 1}"#, "tru", "01x", #""\x""#, "[1] 2", "\"a\nb\""])
    func rejects(_ text: String) {
        #expect(throws: TemplateJSONError.self) { try json(text) }
    }

    @Test("object equality respects key order")
    func equality() {
        let ab = TemplateValue.object([("a", .int(1)), ("b", .int(2))])
        let ba = TemplateValue.object([("b", .int(2)), ("a", .int(1))])
        #expect(ab == ab)
        #expect(ab != ba)
        #expect(TemplateValue.int(1) != .double(1))
    }

    @Test("json keeps the record's field order, as Go does for structs")
    func jsonKeepsOrder() throws {
        let value = try json(#"{"Name":"web","Id":"3f2a","State":{"Status":"running","Pid":7}}"#)
        #expect(try GoTemplate("{{json .}}").render(value) == #"{"Name":"web","Id":"3f2a","State":{"Status":"running","Pid":7}}"# + "\n")
        // Printing a map (%v) sorts keys, as Go does.
        #expect(try GoTemplate("{{.State}}").render(value) == "map[Pid:7 Status:running]\n")
    }

    @Test("json escapes like Go with HTML escaping off")
    func jsonEscapes() throws {
        let value = TemplateValue.object([("S", .string("<a&b>\"\\\u{1}\u{2028}é"))])
        #expect(try GoTemplate("{{json .S}}").render(value) == #""<a&b>\"\\\u0001\u2028é""# + "\n")
    }
}

@Suite("Format: Podman behaviour around templates")
struct FormatPodmanTests {
    @Test("header titles split camel case like containers/common", arguments: [
        ("ID", "ID"), ("Names", "NAMES"), ("CreatedAt", "CREATED AT"), ("ImageID", "IMAGE ID"),
        ("RunningFor", "RUNNING FOR"), ("PDFLoader", "PDF LOADER"), ("GL11Version", "GL 11 VERSION"),
        ("99Bottles", "99 BOTTLES"), ("May5", "MAY 5"), ("BFG9000", "BFG 9000"), ("vimRPCPlugin", "VIM RPC PLUGIN"),
        ("BöseÜberraschung", "BÖSE ÜBERRASCHUNG"), ("Two  spaces", "TWO    SPACES"), ("fieldd", "FIELDD"),
    ])
    func headerTitles(_ field: String, _ title: String) {
        #expect(GoTemplate.headerTitle(field) == title)
    }

    @Test("table keyword and escapes", arguments: [
        ("table {{.ID}}", true), ("{{.ID}}", false), ("table{{.ID}}", false), (" table {{.ID}}", false), ("TABLE {{.ID}}", false),
    ])
    func tableDetection(_ format: String, _ isTable: Bool) throws {
        #expect(try GoTemplate(format).isTable == isTable)
    }

    @Test("header overrides replace computed titles, upper-cased")
    func headerOverrides() throws {
        let data = try rows(#"[{"ID":"3f2a9c0d1e2f","Names":["web"],"CreatedHuman":"2 hours ago"}]"#)
        let out = try GoTemplate("table {{.ID}}\\t{{.CreatedHuman}}\\t{{.Names}}")
            .renderTable(data, headers: ["ID": "container id", "CreatedHuman": "Created"])
        #expect(out == "CONTAINER ID  CREATED      NAMES\n3f2a9c0d1e2f  2 hours ago  [web]\n")
    }

    @Test("--noheading keeps rows aligned among themselves")
    func noHeading() throws {
        let data = try rows(#"[{"ID":"a","Status":"Up"},{"ID":"bbbbbbbbbbbbbbbb","Status":"Exited"}]"#)
        let out = try GoTemplate("table {{.ID}}\\t{{.Status}}").renderTable(data, headers: [:], printHeader: false)
        #expect(out == "a                 Up\nbbbbbbbbbbbbbbbb  Exited\n")
    }

    @Test("a table with no rows prints only the header")
    func emptyTable() throws {
        #expect(try GoTemplate("table {{.ID}}\\t{{.Image}}\\t{{.Status}}").renderTable([]) == "ID          IMAGE       STATUS\n")
    }

    @Test("headers stay readable where Podman's header map cannot feed a function")
    func headerLeniency() throws {
        let data = try rows(#"[{"ID":"a1","Names":["web","db"],"Labels":{"app":"x"},"State":{"Status":"running"}}]"#)
        let out = try GoTemplate(#"table {{.ID}}\t{{join .Names ","}}\t{{index .Labels "app"}}\t{{.State.Status}}\t{{.Missing}}"#)
            .renderTable(data)
        #expect(out == "ID          NAMES       LABELS      STATUS      MISSING\na1          web,db      x           running     <no value>\n")
    }

    @Test("renderList ranges like podman ps / inspect --format")
    func renderList() throws {
        let items = try rows(#"[{"ID":"a"},{"ID":"b"}]"#)
        #expect(try GoTemplate("{{.ID}}").renderList(items) == "a\nb\n")
        #expect(try GoTemplate("{{range .}}{{.ID}},{{end}}").renderList(items) == "a,b,\n")
        #expect(try GoTemplate("{{range . }}{{.ID}} {{end -}}").renderList(items) == "a b ")
        #expect(try GoTemplate("{{len $}}:{{.ID}} ").renderList(items) == "2:a \n2:b \n")
        #expect(try GoTemplate("table {{.ID}}").renderList(items) == "ID\na\nb\n")
    }

    @Test("render on a table format prints one unaligned row")
    func renderTableRow() throws {
        let row = try json(#"{"ID":"a","Image":"busybox"}"#)
        #expect(try GoTemplate("table {{.ID}} {{.Image}}").render(row) == "a\tbusybox\n")
    }

    @Test("numbers JSON cannot tell apart still format as floats")
    func integralDoubles() throws {
        // Swift's JSONEncoder writes 2.0 as 2; printf's float verbs and
        // comparisons accept it (Go would only see a float64 here).
        let value = try json(#"{"CPU":2,"Mem":0.5}"#)
        #expect(try GoTemplate(#"{{printf "%.1f" .CPU}} {{gt .CPU .Mem}} {{eq .CPU 2.0}}"#).render(value) == "2.0 true true\n")
    }

    @Test("parse errors name line and column")
    func parseErrorPosition() throws {
        do {
            _ = try GoTemplate("{{.ID}}\n  {{nope .ID}}")
            Issue.record("expected a parse error")
        } catch let error as TemplateError {
            #expect(error.stage == .parse)
            #expect(error.line == 2)
            #expect(error.column == 4)
            #expect(error.description == #"template: format:2:4: function "nope" not defined"#)
        }
    }

    @Test("Go's tabwriter rules: minimum width 12, padding 2, blocks end at lines without tabs")
    func tabwriter() {
        let writer = TemplateTabWriter()
        #expect(writer.format("a\tb\nlonger-than-twelve\tc\n") == "a                   b\nlonger-than-twelve  c\n")
        #expect(writer.format("a\tb\nno tabs here\nccc\td\n") == "a           b\nno tabs here\nccc         d\n")
        #expect(writer.format("x\ty\tz\nxx\t\tzz\n") == "x           y           z\nxx                      zz\n")
        #expect(writer.format("é\tb\n") == "é           b\n")
        #expect(writer.format("tail") == "tail")
    }
}

@Suite("Format: newer Go and Podman extras")
struct FormatExtrasTests {
    private let container = TemplateValue.object([
        ("Names", .array([.string("web")])),
        ("Labels", .object([("app", .string("web")), ("io.podman.tier", .string("front"))])),
        ("State", .object([("Status", .string("running"))])),
    ])

    @Test("features from newer Go releases and Podman's report methods", arguments: [
        // Go 1.23: else with.
        FormatCase("{{with .Missing}}x{{else with .State}}{{.Status}}{{end}}", "running\n"),
        // Go 1.22: range over an integer.
        FormatCase("{{range $i := 3}}{{$i}}{{end}}", "012\n"),
        // Podman: {{.Label "key"}} on list reports.
        FormatCase(#"{{.Label "io.podman.tier"}}|{{.Label "nope"}}|"#, "front||\n"),
    ])
    func extras(_ c: FormatCase) throws {
        #expect(try GoTemplate(c.format).render(container) == c.expected)
    }

    @Test("literal \\t and \\n typed on the command line become tab and newline")
    func escapes() throws {
        #expect(try GoTemplate(#"{{index .Names 0}}\t{{.State.Status}}\n"#).render(container) == "web\trunning\n")
        // Inside a quoted string the cooked text would not parse: Podman falls
        // back to the text as typed, where Go reads the escape itself.
        #expect(try GoTemplate(#"{{printf "%s\n" .State.Status}}"#).render(container) == "running\n")
    }

    @Test("trim markers need a space; {{-3}} is a number")
    func trimMarkers() throws {
        #expect(try GoTemplate("a  {{- 3 -}}  b {{-3}}").render(container) == "a3b -3\n")
    }

    @Test("errors from rendering say where and what")
    func executeError() throws {
        do {
            _ = try GoTemplate("{{.State.Status.Foo}}").render(container)
            Issue.record("expected an error")
        } catch let error as TemplateError {
            #expect(error.stage == .execute)
            #expect(error.context == ".State.Status.Foo")
            #expect(error.description.hasSuffix("can't evaluate field Foo in type interface {}"))
        }
    }
}
