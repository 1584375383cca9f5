import Engine
import ArgumentParser

/// `berth artifact ls`.
struct ArtifactList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List OCI artifacts in the local store", aliases: ["list"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(help: "Format artifact output using a Go template") var format: String?
    @Flag(name: [.short, .customLong("noheading")], help: "Do not print headers") var noHeading = false
    @Flag(name: .customLong("no-trunc"), help: "Do not truncate output") var noTrunc = false

    /// One row, the fields Podman's templates name.
    struct Row: Encodable {
        var Repository: String
        var Tag: String
        var Digest: String
        var Created: String
        var CreatedAt: String
        var Size: String
        var VirtualSize: Int64
    }

    func run() throws {
        let now = Timestamp.now()
        let rows = try global.openStore().artifacts.list().map { artifact -> Row in
            let (repository, tag) = ArtifactList.split(artifact.name)
            return Row(Repository: repository, Tag: tag,
                       Digest: noTrunc ? artifact.digest.hex : String(artifact.digest.hex.prefix(12)),
                       Created: Timestamp.humanSince(artifact.record.created, now: now),
                       CreatedAt: Timestamp.rfc3339(artifact.record.created),
                       Size: Timestamp.humanSize(artifact.manifest.size), VirtualSize: artifact.manifest.size)
        }
        switch OutputFormat(format) {
        case .json: try OutputFormat.printJSON(rows)
        case .template(let source):
            try OutputFormat.printTemplate(source, rows: rows, headers: ["VirtualSize": "VIRTUAL SIZE"], printHeader: !noHeading)
        case .standard:
            OutputFormat.printTable(header: noHeading ? nil : ["REPOSITORY", "TAG", "DIGEST", "CREATED", "SIZE"],
                                    rows: rows.map { [$0.Repository, $0.Tag, $0.Digest, $0.Created, $0.Size] })
        }
    }

    /// `quay.io/a/b:tag` → (`quay.io/a/b`, `tag`); a digest name shows `<none>`.
    static func split(_ name: String) -> (String, String) {
        if let at = name.firstIndex(of: "@") { return (String(name[..<at]), "<none>") }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            return (String(name[..<colon]), String(name[name.index(after: colon)...]))
        }
        return (name, "<none>")
    }
}
