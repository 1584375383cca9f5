#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One Quadlet unit as systemd and berth's records see it: where it came
/// from, its state, and the moments of its start, for `berth quadlet status`.
public struct QuadletUnitStatus: Encodable, Sendable, Equatable {
    /// The generated service (`web.service`).
    public var Unit: String
    /// The Quadlet file it was generated from.
    public var SourcePath: String
    public var ActiveState: String
    public var SubState: String
    /// The container the service runs (its `--name`), when it has one.
    public var Container: String?
    /// systemd began starting the unit (left inactive).
    public var SystemdStarted: Date?
    /// berth resolved the image and recorded the container.
    public var ImageReady: Date?
    /// The container's process started.
    public var ContainerStarted: Date?
    /// systemd saw the unit ready (READY=1, healthy, or its oneshot done).
    public var Ready: Date?
    /// Of the units it is ordered after, the one that became active last:
    /// the one it waited for longest, and that unit's own start time.
    public var WaitedFor: String?
    public var WaitedSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case Unit, SourcePath, ActiveState, SubState, Container, SystemdStarted, ImageReady, ContainerStarted, Ready, WaitedFor, WaitedSeconds
    }

    /// Times as RFC 3339 with microseconds, as `berth inspect` writes them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Unit, forKey: .Unit)
        try c.encode(SourcePath, forKey: .SourcePath)
        try c.encode(ActiveState, forKey: .ActiveState)
        try c.encode(SubState, forKey: .SubState)
        try c.encodeIfPresent(Container, forKey: .Container)
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for (key, date) in [(CodingKeys.SystemdStarted, SystemdStarted), (.ImageReady, ImageReady), (.ContainerStarted, ContainerStarted), (.Ready, Ready)] {
            try c.encodeIfPresent(date.map { $0.formatted(format) }, forKey: key)
        }
        try c.encodeIfPresent(WaitedFor, forKey: .WaitedFor)
        try c.encodeIfPresent(WaitedSeconds, forKey: .WaitedSeconds)
    }
}

/// Reads systemd's units (one `systemctl show` over all services) and
/// berth's container records into `QuadletUnitStatus` values.
public enum QuadletStatus {
    static let quadletExtensions = [".container", ".volume", ".network", ".pod", ".kube", ".image", ".build", ".artifact"]
    static let properties = "Id,SourcePath,ActiveState,SubState,InactiveExitTimestamp,ActiveEnterTimestamp,After,ExecStart"

    /// `systemctl` for the scope berth runs in (`--user` when rootless).
    public static func collect(containers: [Container], user: Bool = Rootless.isActive) throws -> [QuadletUnitStatus] {
        let argv = ["systemctl"] + (user ? ["--user"] : []) + ["show", "--all", "--timestamp=us+utc", "-p", properties, "*.service"]
        let shown = try ChildProcess.run(["/usr/bin/env"] + argv)
        guard shown.status == 0 else {
            throw EngineError(.system, "systemctl show: \(shown.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return parse(show: shown.stdout, containers: containers)
    }

    /// The statuses from `systemctl show` output (blocks of KEY=VALUE lines
    /// separated by blank lines) and the containers berth knows.
    static func parse(show: String, containers: [Container]) -> [QuadletUnitStatus] {
        var units: [String: [String: String]] = [:]
        for block in show.components(separatedBy: "\n\n") {
            var properties: [String: String] = [:]
            for line in block.split(separator: "\n") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                properties[String(line[..<eq])] = String(line[line.index(after: eq)...])
            }
            if let id = properties["Id"] { units[id] = properties }
        }
        let byName = Dictionary(containers.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        return units.values.compactMap { p -> QuadletUnitStatus? in
            guard let id = p["Id"], let source = p["SourcePath"], quadletExtensions.contains(where: { source.hasSuffix($0) }) else { return nil }
            let name = containerName(execStart: p["ExecStart"] ?? "")
            let container = name.flatMap { byName[$0] }
            var status = QuadletUnitStatus(Unit: id, SourcePath: source, ActiveState: p["ActiveState"] ?? "", SubState: p["SubState"] ?? "",
                                           Container: name, SystemdStarted: timestamp(p["InactiveExitTimestamp"]),
                                           ImageReady: container.map { Date(timeIntervalSince1970: $0.record.created) },
                                           ContainerStarted: container?.state.startedAt.map { Date(timeIntervalSince1970: $0) },
                                           Ready: timestamp(p["ActiveEnterTimestamp"]))
            let waits = (p["After"] ?? "").split(separator: " ").compactMap { dep -> (String, Date, Double)? in
                guard let d = units[String(dep)], let active = timestamp(d["ActiveEnterTimestamp"]),
                      let started = timestamp(d["InactiveExitTimestamp"]) else { return nil }
                // Only what this start of the unit waited for, not an older activation.
                if let mine = status.Ready, active > mine { return nil }
                return (String(dep), active, active.timeIntervalSince(started))
            }
            if let last = waits.max(by: { $0.1 < $1.1 }) {
                status.WaitedFor = last.0
                status.WaitedSeconds = last.2
            }
            return status
        }.sorted { ($0.SystemdStarted ?? .distantFuture, $0.Unit) < ($1.SystemdStarted ?? .distantFuture, $1.Unit) }
    }

    /// `--name X` of the engine's `run` in an ExecStart property
    /// (`{ path=... ; argv[]=/usr/bin/berth run --name X ... ; ... }`).
    static func containerName(execStart: String) -> String? {
        guard let argv = execStart.range(of: "argv[]=") else { return nil }
        let words = execStart[argv.upperBound...].prefix { $0 != ";" }.split(separator: " ").map(String.init)
        guard words.count > 1, words[1] == "run" || words[1] == "start" else { return nil }
        for (i, word) in words.enumerated() {
            if word == "--name", i + 1 < words.count { return words[i + 1] }
            if word.hasPrefix("--name=") { return String(word.dropFirst(7)) }
        }
        return nil
    }

    /// systemd's `--timestamp=us+utc` form: `Thu 2026-12-03 10:23:45.471798 UTC`.
    static func timestamp(_ text: String?) -> Date? {
        guard let text, !text.isEmpty, text != "n/a" else { return nil }
        let parts = text.split(separator: " ")
        guard parts.count >= 3 else { return nil }
        let date = parts[1].split(separator: "-").compactMap { Int($0) }
        let clock = parts[2].split(separator: ":")
        guard date.count == 3, clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]),
              let seconds = Double(clock[2]) else { return nil }
        var components = DateComponents()
        components.year = date[0]; components.month = date[1]; components.day = date[2]
        components.hour = hour; components.minute = minute
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let minuteStart = calendar.date(from: components) else { return nil }
        return minuteStart.addingTimeInterval(seconds)
    }
}
