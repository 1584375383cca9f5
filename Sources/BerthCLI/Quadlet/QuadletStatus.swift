import ArgumentParser
import Engine
import Foundation

/// `berth quadlet status`: every Quadlet unit with its source, state,
/// container, and when it started, had its image, ran, and became ready;
/// and the unit it waited for longest.
struct QuadletStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show Quadlet units and how they started")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Output format: table (default) or json") var format: String?

    func run() throws {
        let containers = try global.openStore().containerManager(runtime: global.runtime).loadAll()
        let units = try QuadletStatus.collect(containers: containers)
        switch format {
        case "json"?:
            try OutputFormat.printJSON(units)
        case nil, "table"?:
            print(Self.table(units))
        case let other?:
            throw ValidationError("--format \(other): use table or json")
        }
    }

    /// Times after the unit's own start, in milliseconds ("+12ms").
    static func table(_ units: [QuadletUnitStatus]) -> String {
        func after(_ date: Date?, _ start: Date?) -> String {
            guard let date, let start else { return "-" }
            return "+\(Int((date.timeIntervalSince(start) * 1000).rounded()))ms"
        }
        let clock = Date.ISO8601FormatStyle(includingFractionalSeconds: true).timeSeparator(.colon)
        var rows = [["UNIT", "SOURCE", "STATE", "CONTAINER", "STARTED", "IMAGE", "RUNNING", "READY", "WAITED LONGEST FOR"]]
        for u in units {
            let waited = u.WaitedFor.map { name in name + (u.WaitedSeconds.map { " (\(Int(($0 * 1000).rounded()))ms)" } ?? "") } ?? "-"
            rows.append([u.Unit, u.SourcePath, u.ActiveState + "/" + u.SubState, u.Container ?? "-",
                         u.SystemdStarted.map { $0.formatted(clock) } ?? "-",
                         after(u.ImageReady, u.SystemdStarted), after(u.ContainerStarted, u.SystemdStarted),
                         after(u.Ready, u.SystemdStarted), waited])
        }
        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
