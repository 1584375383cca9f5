import Engine
import ArgumentParser

/// `berth secret ls`.
struct SecretList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List secrets", aliases: ["list"])
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Filter secret output (name=, id=, label=)") var filter: [String] = []
    @Option(help: "Format secret output using JSON or a Go template") var format: String?
    @Flag(name: [.short, .long], help: "Print secret IDs only") var quiet = false
    @Flag(name: [.short, .customLong("noheading")], help: "Do not print headers") var noHeading = false

    /// One row, the fields Podman's templates name.
    struct Row: Encodable {
        var ID: String
        var Name: String
        var Driver: String
        var CreatedAt: String
        var UpdatedAt: String
        var Labels: [String: String]
    }

    func run() throws {
        let secrets = try global.openStore().secrets
        var wanted: [String: [String]] = [:]
        for item in filter {
            let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard ["name", "id", "label"].contains(kv[0]) else { throw EngineError.invalid("invalid filter \"\(kv[0])\"") }
            wanted[kv[0], default: []].append(kv.count > 1 ? kv[1] : "")
        }
        var reports: [SecretInspectReport] = []
        for record in try secrets.list() {
            let (report, problem) = secrets.listReport(record)
            if let problem { printError(problem.message) }
            // Values of one key: any matches; different keys: all must.
            let keep = wanted.allSatisfy { key, values in
                values.contains { value in
                    switch key {
                    case "name": return report.Spec.Name.contains(value)
                    case "id": return report.ID.hasPrefix(value)
                    default:
                        let l = value.split(separator: "=", maxSplits: 1).map(String.init)
                        return report.Spec.Labels[l.first ?? ""] != nil && (l.count == 1 || report.Spec.Labels[l[0]] == l[1])
                    }
                }
            }
            if keep { reports.append(report) }
        }
        if quiet { reports.forEach { print($0.ID) }; return }
        let now = Timestamp.now()
        func human(_ rfc: String) -> String { Timestamp.parse(rfc).map { Timestamp.humanSince($0, now: now) } ?? rfc }
        let rows = reports.map { Row(ID: $0.ID, Name: $0.Spec.Name, Driver: $0.Spec.Driver.Name,
                                    CreatedAt: human($0.CreatedAt), UpdatedAt: human($0.UpdatedAt), Labels: $0.Spec.Labels) }
        switch OutputFormat(format) {
        case .json: try OutputFormat.printJSON(reports)
        case .template(let source):
            try OutputFormat.printTemplate(source, rows: rows, headers: ["CreatedAt": "CREATED", "UpdatedAt": "UPDATED"], printHeader: !noHeading)
        case .standard:
            OutputFormat.printTable(header: noHeading ? nil : ["ID", "NAME", "DRIVER", "CREATED", "UPDATED"],
                                    rows: rows.map { [$0.ID, $0.Name, $0.Driver, $0.CreatedAt, $0.UpdatedAt] })
        }
    }
}
