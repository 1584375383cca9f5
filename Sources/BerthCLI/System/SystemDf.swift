import Engine
import GoTemplate
import ArgumentParser
import Foundation

/// `berth system df`: space used by images, containers and local volumes,
/// as Podman's summary (or, with `-v`, per object) tables.
struct SystemDf: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "df", abstract: "Show berth disk usage")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Show detailed information on disk usage") var verbose = false
    @Option(help: "Pretty-print images using a Go template") var format: String?

    /// A summary row as templates see it (Podman's `dfSummary`).
    struct SummaryRow: Encodable {
        var `Type`: String
        var Total: Int
        var Active: Int
        var Size: String
        var Reclaimable: String

        init(_ s: DiskUsage.Summary) {
            `Type` = s.type
            Total = s.total
            Active = s.active
            Size = StatsUnits.humanSize(Double(s.size))
            let percent = s.size > 0 ? Int((Double(s.reclaimable) / Double(s.size) * 100).rounded()) : 0
            Reclaimable = "\(StatsUnits.humanSize(Double(s.reclaimable))) (\(percent)%)"
        }
    }

    struct ImageRow: Encodable {
        var Repository, Tag, ImageID, Created, Size, SharedSize, UniqueSize: String
        var Containers: Int
    }

    struct ContainerRow: Encodable {
        var ContainerID, Image, Command: String
        var LocalVolumes: Int
        var RWSize, Created, Status, Names: String
    }

    struct VolumeRow: Encodable {
        var VolumeName: String
        var Links: Int
        var Size: String
    }

    func run() throws {
        let usage = try global.openStore().diskUsage()
        if verbose { return try printVerbose(usage) }
        let rows = usage.summaries.map(SummaryRow.init)
        switch OutputFormat(format) {
        case .json: try OutputFormat.printTemplate("{{json .}}", rows: rows)
        case .template(let source): try OutputFormat.printTemplate(source, rows: rows, goType: "system.dfSummary")
        case .standard:
            try OutputFormat.printTemplate("table {{.Type}}\t{{.Total}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}", rows: rows)
        }
    }

    private func printVerbose(_ usage: DiskUsage) throws {
        let now = Timestamp.now()
        func age(_ t: Double) -> String { String(Timestamp.humanSince(t, now: now).dropLast(" ago".count)) }
        func size(_ n: Int64) -> String { StatsUnits.humanSize(Double(n)) }
        print("Images space usage:\n")
        try OutputFormat.printTemplate(
            "table {{.Repository}}\t{{.Tag}}\t{{.ImageID}}\t{{.Created}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}",
            rows: usage.images.map { ImageRow(Repository: $0.Repository, Tag: $0.Tag, ImageID: String($0.ImageID.prefix(12)),
                                              Created: age($0.Created), Size: size($0.Size), SharedSize: size($0.SharedSize),
                                              UniqueSize: size($0.UniqueSize), Containers: $0.Containers) },
            headers: ["ImageID": "IMAGE ID", "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE"])
        print("\nContainers space usage:\n")
        try OutputFormat.printTemplate(
            "table {{.ContainerID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.RWSize}}\t{{.Created}}\t{{.Status}}\t{{.Names}}",
            rows: usage.containers.map { ContainerRow(ContainerID: String($0.ContainerID.prefix(12)), Image: String($0.Image.prefix(12)),
                                                      Command: $0.Command.joined(separator: " "), LocalVolumes: $0.LocalVolumes,
                                                      RWSize: size($0.RWSize), Created: age($0.Created), Status: $0.Status, Names: $0.Names) },
            headers: ["ContainerID": "CONTAINER ID", "LocalVolumes": "LOCAL VOLUMES", "RWSize": "SIZE"])
        print("\nLocal Volumes space usage:\n")
        try OutputFormat.printTemplate("table {{.VolumeName}}\t{{.Links}}\t{{.Size}}",
                                       rows: usage.volumes.map { VolumeRow(VolumeName: $0.VolumeName, Links: $0.Links, Size: size($0.Size)) },
                                       headers: ["VolumeName": "VOLUME NAME"])
    }
}
