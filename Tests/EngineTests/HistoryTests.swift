import Foundation
import Testing
@testable import Engine

@Suite("Images: history", .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox, "needs the built berth binary and Debian's busybox-static"))
struct HistoryTests {
    @Test("history shows an imported image's step as Podman does: table, --quiet, --no-trunc, -H=false, templates")
    func history() throws {
        let store = TestStore("history")
        let tar = try EngineTestSupport.busyboxTarball(in: store.dir)
        let imported = try store.berth("import", tar, "localhost/busybox:latest")
        #expect(imported.status == 0)
        let id = try store.berth("images", "--no-trunc", "--format", "{{.ID}}").out.replacingOccurrences(of: "sha256:", with: "")

        let table = try store.berth("history", "localhost/busybox")
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("ID            CREATED "))
        #expect(lines[0].hasSuffix("SIZE        COMMENT"))
        #expect(lines[1].hasPrefix(String(id.prefix(12)) + "  "))
        #expect(lines[1].contains("/bin/sh -c #(nop) ADD file:"))
        #expect(lines[1].contains("..."), "CREATED BY is cut at 45 characters")

        #expect(try store.berth("history", "-q", "localhost/busybox").stdout == String(id.prefix(12)) + "\n")
        #expect(try store.berth("history", "-q", "--no-trunc", "localhost/busybox").stdout == id + "\n")
        let full = try store.berth("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Tags}}", "localhost/busybox").stdout
        #expect(full.hasPrefix(id + "|/bin/sh -c #(nop) ADD file:"))
        #expect(full.contains(" in /"))
        #expect(full.hasSuffix("|[localhost/busybox:latest]\n"))
        let raw = try store.berth("history", "--human=false", "--format", "{{.Created}} {{.Size}}", "localhost/busybox").out
        #expect(raw.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \d+$"#, options: .regularExpression) != nil, "\(raw)")
    }
}
