import Engine
import GoTemplate
import ArgumentParser
import Foundation

/// `berth image ls` / `berth images`.
struct ImageList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", _superCommandName: "berth", abstract: "List images in local storage", aliases: ["ls"])

    struct Options: ParsableArguments {
        @OptionGroup(title: "Global options") var global: GlobalOptions
        @Flag(name: [.short, .long], help: "Show all images (default hides intermediate images)") var all = false
        @Flag(name: [.short, .long], help: "Display only image IDs") var quiet = false
        @Flag(name: .customLong("no-trunc"), help: "Do not truncate output") var noTrunc = false
        @Flag(help: "Show digests") var digests = false
        @Flag(name: [.short, .customLong("noheading")], help: "Do not print column headings") var noHeading = false
        @Option(help: "Change the output format to JSON or a Go template") var format: String?
        @Option(name: [.short, .long], help: "Filter output based on conditions provided (reference=, dangling=, label=, label!=, id=, until=)") var filter: [String] = []
        @Option(help: "Sort by created, id, repository, size or tag") var sort: String = "created"
        @Argument(help: "Image name to filter by") var reference: String?

        func run() throws {
            let store = try global.openStore()
            let filters = try ImageFilter(filter + (reference.map { ["reference=" + $0] } ?? []))
            let images = try store.images.list().filter { try filters.matches($0) }
            try ImageListing(images: images, options: self).print()
        }
    }

    @OptionGroup var options: Options
    func run() throws { try options.run() }

    /// `berth images`.
    struct Shortcut: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "images", _superCommandName: "berth", abstract: "List images in local storage")
        @OptionGroup var options: Options
        func run() throws { try options.run() }
    }
}

/// One row of `images` as templates see it (Podman's field names).
struct ImageRow: Encodable {
    var ID: String
    var Id: String
    var Repository: String
    var Tag: String
    var Digest: String
    var Created: String
    var CreatedAt: String
    var CreatedSince: String
    var Size: String
    var VirtualSize: String
    var SharedSize: String
    var ReadOnly: Bool
    var Names: [String]
    var Labels: [String: String]?
    var Containers: Int
    var History: [String]
}

/// One image in `images --format json` (Podman's summary).
struct ImageSummaryJSON: Encodable {
    var Id: String
    var ParentId: String
    var RepoTags: [String]?
    var RepoDigests: [String]
    var Size: Int64
    var SharedSize: Int64
    var VirtualSize: Int64
    var Labels: [String: String]?
    var Containers: Int
    var Names: [String]?
    var Digest: String
    var History: [String]?
    var Created: Int64
    var CreatedAt: String
}

struct ImageListing {
    var images: [StoredImage]
    var options: ImageList.Options

    /// `withLabels` decodes each config: any template may show labels
    /// (`{{.Labels}}`, or the whole row with `{{json .}}`); the default
    /// table does not.
    func rows(withLabels: Bool) -> [ImageRow] {
        var rows: [ImageRow] = []
        let now = Timestamp.now()
        for image in sorted() {
            let id = options.noTrunc ? "sha256:" + image.id : image.shortID
            let config = withLabels ? try? image.decodedConfig() : nil
            for (repo, tag) in image.repositoriesAndTags {
                rows.append(ImageRow(
                    ID: id, Id: image.id, Repository: repo, Tag: tag, Digest: image.record.digest,
                    Created: Timestamp.humanSince(image.record.created, now: now),
                    CreatedAt: Timestamp.rfc3339(image.record.created),
                    CreatedSince: Timestamp.humanSince(image.record.created, now: now),
                    Size: Timestamp.humanSize(image.record.size), VirtualSize: Timestamp.humanSize(image.record.size),
                    SharedSize: "0 B", ReadOnly: false, Names: image.names, Labels: config?.config?.labels,
                    Containers: 0, History: image.names))
            }
        }
        return rows
    }

    func sorted() -> [StoredImage] {
        switch options.sort {
        case "id": return images.sorted { $0.id < $1.id }
        case "size": return images.sorted { $0.record.size > $1.record.size }
        case "repository", "tag": return images.sorted { ($0.names.first ?? "~") < ($1.names.first ?? "~") }
        default: return images.sorted { $0.record.created > $1.record.created }
        }
    }

    func print() throws {
        if options.quiet {
            var seen = Set<String>()
            for image in sorted() where seen.insert(image.id).inserted {
                Swift.print(options.noTrunc ? "sha256:" + image.id : image.shortID)
            }
            return
        }
        switch OutputFormat(options.format) {
        case .json:
            try OutputFormat.printJSON(sorted().map { image in
                ImageSummaryJSON(
                    Id: image.id, ParentId: "", RepoTags: image.names.isEmpty ? nil : image.names,
                    RepoDigests: image.names.map { ($0.split(separator: ":").dropLast().joined(separator: ":")) + "@" + image.record.digest },
                    Size: image.record.size, SharedSize: 0, VirtualSize: image.record.size,
                    Labels: (try? image.decodedConfig().config?.labels) ?? nil, Containers: 0,
                    Names: image.names.isEmpty ? nil : image.names, Digest: image.record.digest,
                    History: image.names.isEmpty ? nil : image.names,
                    Created: Int64(image.record.created), CreatedAt: Timestamp.rfc3339(image.record.created))
            })
        case .template(let source):
            try OutputFormat.printTemplate(source, rows: rows(withLabels: true), headers: ["ID": "IMAGE ID"], printHeader: !options.noHeading)
        case .standard:
            var header = ["REPOSITORY", "TAG"]
            if options.digests { header.append("DIGEST") }
            header += ["IMAGE ID", "CREATED", "SIZE"]
            let table = rows(withLabels: false).map { row -> [String] in
                var cells = [row.Repository, row.Tag]
                if options.digests { cells.append(row.Digest) }
                return cells + [row.ID, row.Created, row.Size]
            }
            OutputFormat.printTable(header: options.noHeading ? nil : header, rows: table)
        }
    }
}
