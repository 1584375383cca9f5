import Engine
import GoTemplate
import ArgumentParser
import Foundation

/// `berth ps` / `berth container list`.
struct ContainerList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", _superCommandName: "berth", abstract: "List containers", aliases: ["ls", "ps"])

    struct Options: ParsableArguments {
        @OptionGroup(title: "Global options") var global: GlobalOptions
        @Flag(name: [.short, .long], help: "Show all the containers, default is only running containers") var all = false
        @Flag(name: [.short, .long], help: "Print the numeric IDs of the containers only") var quiet = false
        @Flag(name: .customLong("no-trunc"), help: "Display the extended information") var noTrunc = false
        @Flag(name: [.customLong("noheading")], help: "Do not print headers") var noHeading = false
        @Option(name: [.short, .long], help: "Filter output based on conditions given") var filter: [String] = []
        @Option(help: "Pretty-print containers to JSON or using a Go template") var format: String?
        @Option(name: [.customShort("n"), .long], help: "Print the n last created containers (all states)") var last: Int = -1
        @Flag(name: [.short, .long], help: "Act on the latest container podman is aware of") var latest = false
        @Flag(name: [.short, .long], help: "Display the total file sizes") var size = false
        @Flag(name: .long, help: "Sync container state with OCI runtime (berth always does)") var sync = false
        @Flag(name: [.customShort("p"), .long], help: "Print the ID and name of the pod the containers are associated with") var pod = false
        @Flag(name: .long, help: "Display namespace information") var ns = false
        @Flag(name: .long, help: "Show containers in storage not controlled by berth (there are none)") var external = false
        @Option(help: "Sort output by: command, created, id, image, names, runningfor, status") var sort: String = "created"
        @Option(name: [.short, .long], help: "Watch the ps output on an interval in seconds") var watch: Int?

        func validate() throws {
            guard ContainerListOrder(rawValue: sort) != nil else {
                throw ValidationError("invalid option for --sort, options are: command, created, id, image, names, runningfor, size, or status")
            }
            if sort == "size" || size { throw ValidationError("--size is not supported yet: container sizes are not computed") }
            if ns { throw ValidationError("--ns is not supported yet: namespace columns are not printed") }
            if let watch, watch < 1 { throw ValidationError("must specify a time greater than 0 when using --watch") }
            if case .json = OutputFormat(format), watch != nil { throw ValidationError("--watch cannot be used with --quiet or --format json") }
            if watch != nil && quiet {
                throw ValidationError("--watch cannot be used with --quiet or --format json")
            }
        }

        func run() throws {
            guard let watch else { return try list() }
            while true {
                print("\u{1B}[2J\u{1B}[H", terminator: "")
                try list()
                fflush(nil)
                sleep(UInt32(watch))
            }
        }

        private func list() throws {
            let store = try global.openStore()
            let manager = store.containerManager(runtime: global.runtime)
            let health = ContainerHealthChecker(manager: manager)
            let filters = try ContainerFilter(filter, health: health)
            var containers = try manager.loadAll()
            for i in containers.indices where containers[i].isRunning {
                try manager.syncExit(&containers[i])
            }
            if !all && !latest && last < 0 && !filters.selectsStatus { containers = containers.filter(\.isRunning) }
            containers = containers.filter(filters.matches)
            if latest { containers = Array(containers.suffix(1)) }
            if last >= 0 { containers = Array(containers.suffix(last)) }
            containers.reverse()
            if let order = ContainerListOrder(rawValue: sort), order != .created {
                containers = order.sorted(containers)
            }
            if quiet {
                var out = ""
                for c in containers { out += (noTrunc ? c.id : c.shortID) + "\n" }
                print(out, terminator: "")
                return
            }
            let now = Timestamp.now()
            var podNames: [String: String] = [:]
            if containers.contains(where: { $0.config.pod != nil }) {
                for p in try store.podManager(runtime: global.runtime).loadAll() { podNames[p.id] = p.name }
            }
            let rows = containers.map { ContainerListRow($0, now: now, health: $0.isRunning ? health.state($0)?.Status : nil,
                                                         podName: $0.config.pod.flatMap { podNames[$0] } ?? "") }
            switch OutputFormat(format) {
            case .json:
                try OutputFormat.printJSON(rows)
            case .template(let source):
                try OutputFormat.printTemplate(source, rows: rows.map { ContainerTemplateRow($0, noTrunc: noTrunc) }, goType: "containers.psReporter", headers: ["ID": "CONTAINER ID", "CreatedHuman": "CREATED"],
                                               printHeader: !noHeading)
            case .standard:
                let table = rows.map { r in
                    [noTrunc ? r.ID : String(r.ID.prefix(12)), r.Image, ContainerListRow.truncatedCommand(r.Command, noTrunc: noTrunc),
                     r.CreatedHuman, r.Status, r.PortsText, r.Names.joined(separator: ",")]
                        + (pod ? [noTrunc ? r.Pod : String(r.Pod.prefix(12)), r.PodName] : [])
                }
                let header = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"] + (pod ? ["POD ID", "PODNAME"] : [])
                OutputFormat.printTable(header: noHeading ? nil : header, rows: table)
            }
        }
    }

    @OptionGroup var options: Options
    func run() throws { try options.run() }

    /// `berth ps`.
    struct Shortcut: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ps", _superCommandName: "berth", abstract: "List containers")
        @OptionGroup var options: Options
        func run() throws { try options.run() }
    }
}

/// One `ps` row, with Podman's JSON field names (also what --format sees).
struct ContainerListRow: Encodable {
    var AutoRemove: Bool
    var Command: [String]
    var Created: Int64
    var CreatedAt: String
    var Exited: Bool
    var ExitedAt: Int64
    var ExitCode: Int32
    var ID: String
    var Image: String
    var ImageID: String
    var IsInfra: Bool
    var Labels: [String: String]?
    var Mounts: [String]
    var Names: [String]
    var Networks: [String]
    var Pid: Int32
    var Pod: String
    var PodName: String
    var Ports: [String]?
    var StartedAt: Int64
    var State: String
    var Status: String
    var CreatedHuman: String
    var PortsText: String

    enum CodingKeys: String, CodingKey {
        case AutoRemove, Command, Created, CreatedAt, Exited, ExitedAt, ExitCode, ID = "Id", Image, ImageID, IsInfra, Labels, Mounts,
             Names, Networks, Pid, Pod, PodName, Ports, StartedAt, State, Status
    }

    init(_ c: Container, now: Double, health: String?, podName: String = "") {
        AutoRemove = c.config.autoRemove
        Command = c.config.args
        Created = Int64(c.record.created)
        CreatedAt = Timestamp.rfc3339(c.record.created)
        Exited = c.state.status == .exited
        ExitedAt = Int64(c.state.finishedAt ?? 0)
        ExitCode = c.state.exitCode
        ID = c.id
        Image = c.config.imageName
        ImageID = c.record.imageId ?? ""
        IsInfra = c.config.podInfra == true
        Labels = c.config.labels.isEmpty ? nil : c.config.labels
        Mounts = c.config.mounts.map(\.destination)
        Names = [c.name]
        Networks = (c.config.networks ?? []).map(\.name)
        Pid = c.isRunning ? c.state.pid : 0
        Pod = c.config.pod ?? ""
        PodName = podName
        Ports = nil
        StartedAt = Int64(c.state.startedAt ?? 0)
        State = c.statusWord
        Status = c.humanStatus(now: now, health: health)
        CreatedHuman = Timestamp.humanSince(c.record.created, now: now)
        PortsText = PublishedPort.of(c).map { "\($0.hostAddress)->\($0.containerPort)/\($0.proto.rawValue)" }.joined(separator: ", ")
    }

    static func truncatedCommand(_ args: [String], noTrunc: Bool) -> String {
        let text = args.joined(separator: " ")
        if noTrunc || text.count <= 20 { return text }
        return String(text.prefix(17)) + "..."
    }
}

/// What `ps --format` templates see: Podman's template fields
/// (`.ID`, `.Names` as one string, `.Command` as text, `.RunningFor`...).
struct ContainerTemplateRow: Encodable {
    var ID: String
    var Image: String
    var ImageID: String
    var Command: String
    var CreatedAt: String
    var CreatedHuman: String
    var Created: String
    var RunningFor: String
    var Status: String
    var State: String
    var Ports: String
    var Names: String
    var Labels: [String: String]
    var Mounts: String
    var Pid: Int32
    var ExitCode: Int32
    var Exited: Bool
    var AutoRemove: Bool
    var IsInfra: Bool
    var Pod: String
    var PodName: String
    var Networks: String
    var Size: String

    init(_ row: ContainerListRow, noTrunc: Bool) {
        ID = noTrunc ? row.ID : String(row.ID.prefix(12))
        Image = row.Image
        ImageID = row.ImageID
        Command = row.Command.joined(separator: " ")
        CreatedAt = row.CreatedAt
        CreatedHuman = row.CreatedHuman
        Created = row.CreatedHuman
        RunningFor = row.CreatedHuman
        Status = row.Status
        State = row.State
        Ports = row.PortsText
        Names = row.Names.joined(separator: ",")
        Labels = row.Labels ?? [:]
        Mounts = row.Mounts.joined(separator: ",")
        Pid = row.Pid
        ExitCode = row.ExitCode
        Exited = row.Exited
        AutoRemove = row.AutoRemove
        IsInfra = row.IsInfra
        Pod = row.Pod
        PodName = row.PodName
        Networks = row.Networks.joined(separator: ",")
        Size = ""
    }
}

/// `--filter` for containers: name=, id=, status=, label=, exited=, ancestor=, until=, health=, before=, since=, volume=, pod=.
struct ContainerFilter {
    var conditions: [(key: String, value: String)]
    /// Where `health=` reads a container's status.
    let health: ContainerHealthChecker

    init(_ specs: [String], health: ContainerHealthChecker) throws {
        self.health = health
        conditions = try specs.map { spec in
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw EngineError.invalid("invalid filter \(spec.debugDescription)") }
            guard ["name", "id", "status", "label", "exited", "ancestor", "until", "health", "before", "since", "volume", "restart-policy", "pod"].contains(parts[0]) else {
                throw EngineError.invalid("\(parts[0]) is an invalid filter")
            }
            switch parts[0] {
            case "status" where !ContainerFilter.states.contains(parts[1]):
                throw EngineError.invalid("unknown container state: \(parts[1]): invalid argument")
            case "before", "since":
                // Compared by creation time with the container named.
                return (parts[0], String(try health.manager.load(parts[1]).record.created))
            case "pod":
                // Matched by the pod's ID.
                return (parts[0], try health.manager.store.podManager().lookup(parts[1]).id)
            default:
                return (parts[0], parts[1])
            }
        }
    }

    /// The states Podman's `status=` accepts.
    static let states = ["created", "running", "paused", "stopped", "exited", "unknown", "configured", "initialized", "removing", "stopping"]

    var selectsStatus: Bool { conditions.contains { $0.key == "status" || $0.key == "exited" } }

    /// Conditions with the same key are alternatives; different keys must all hold.
    func matches(_ c: Container) -> Bool {
        let keys = Set(conditions.map(\.key))
        return keys.allSatisfy { key in
            conditions.filter { $0.key == key }.contains { match(key, $0.value, c) }
        }
    }

    private func match(_ key: String, _ value: String, _ c: Container) -> Bool {
        switch key {
        case "name": return c.name == value || c.name.range(of: value, options: .regularExpression) != nil
        case "id": return c.id.hasPrefix(value)
        case "status":
            let word = ["created", "exited", "paused"].contains(c.statusWord) ? c.statusWord : "running"
            return word == value || (value == "stopped" && c.state.status == .exited)
        case "exited": return c.state.status == .exited && Int32(value) == c.state.exitCode
        case "ancestor": return c.config.imageName.contains(value) || (c.record.imageId ?? "").hasPrefix(value)
        case "label":
            let kv = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard let v = c.config.labels[kv[0]] else { return false }
            return kv.count == 1 || kv[1] == v
        case "until": return Double(value).map { c.record.created < $0 } ?? true
        case "before": return Double(value).map { c.record.created < $0 } ?? false
        case "since": return Double(value).map { c.record.created > $0 } ?? false
        case "pod": return c.config.pod == value
        case "restart-policy": return (c.config.restartPolicy?.name ?? "no") == value
        case "volume": return c.config.mounts.contains { $0.kind == .volume && ($0.source == value || $0.destination == value) }
        case "health":
            // healthy, unhealthy, starting; "none" for containers without a healthcheck.
            return (health.state(c)?.Status ?? "none") == value
        default: return false
        }
    }
}
