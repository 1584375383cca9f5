import Engine
import GoTemplate
import ArgumentParser

/// `berth history` / `berth image history`: the steps an image was built
/// from, newest first, as Podman's table, JSON or a Go template.
struct ImageHistory: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", _superCommandName: "berth", abstract: "Show history of a specified image")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(help: "Change the output to JSON or a Go template") var format: String?
    @Option(name: [.customShort("H"), .long], help: "Display sizes and dates in human readable format") var human: Bool = true
    @Flag(name: [.customLong("no-trunc"), .customLong("notruncate")], help: "Do not truncate the output") var noTrunc = false
    @Flag(name: [.short, .long], help: "Display the numeric IDs only") var quiet = false
    @Argument(help: "Image") var images: [String] = []

    /// A row as templates see it (Podman's field names).
    private struct Row: Encodable {
        var ID: String
        var Created: String
        var CreatedAt: String
        var CreatedSince: String
        var CreatedBy: String
        var Size: String
        var Comment: String
        var Tags: [String]
    }

    /// `--format json`: Podman's keys, as its history report names them.
    private struct JSONRow: Encodable {
        var id: String
        var created: String?
        var CreatedBy: String
        var size: Int64
        var comment: String
        var tags: [String]?
    }

    func run() throws {
        guard images.count == 1 else { throw EngineError.invalid("accepts 1 arg(s), received \(images.count)") }
        let entries = try global.openStore().images.history(images[0])
        if quiet {
            for entry in entries { print(noTrunc || entry.id == "<missing>" ? entry.id : String(entry.id.prefix(12))) }
            return
        }
        switch OutputFormat(format) {
        case .json:
            try OutputFormat.printJSON(entries.map { entry in
                JSONRow(id: entry.id, created: entry.created.map { Timestamp.rfc3339($0) }, CreatedBy: entry.createdBy,
                        size: entry.size, comment: entry.comment, tags: entry.tags.isEmpty ? nil : entry.tags)
            })
        case .template(let source):
            try OutputFormat.printTemplate(source, rows: entries.map(row), headers: Self.headers)
        case .standard:
            let source = "table {{.ID}}\t{{.Created}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
            try OutputFormat.printTemplate(source, rows: entries.map(row), headers: Self.headers)
        }
    }

    private static let headers = ["ID": "ID", "Created": "CREATED", "CreatedAt": "CREATED AT", "CreatedSince": "CREATED",
                                  "CreatedBy": "CREATED BY", "Size": "SIZE", "Comment": "COMMENT", "Tags": "TAGS"]

    private func row(_ entry: ImageHistoryEntry) -> Row {
        let id = noTrunc || entry.id == "<missing>" ? entry.id : String(entry.id.prefix(12))
        let since = entry.created.map { Timestamp.humanSince($0) } ?? ""
        let created = human ? since : entry.created.map { Timestamp.rfc3339($0, fractional: false) } ?? ""
        let createdBy = !noTrunc && entry.createdBy.count > 45 ? String(entry.createdBy.prefix(42)) + "..." : entry.createdBy
        let size = human ? Timestamp.humanSize(entry.size) : String(entry.size)
        return Row(ID: id, Created: created, CreatedAt: entry.created.map { Timestamp.rfc3339($0, fractional: false) } ?? "",
                   CreatedSince: since, CreatedBy: createdBy, Size: size, Comment: entry.comment, Tags: entry.tags)
    }
}
