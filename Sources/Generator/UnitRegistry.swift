import UnitParser

/// Every unit of this run by file name, so references between units
/// (`Network=app.network`) resolve to service and resource names. Built
/// once before converting; read-only after, so conversions can run in parallel.
final class UnitRegistry: Sendable {
    private let infos: [String: UnitInfo]

    /// `units` in conversion order (a pod's members keep that order), each
    /// with the information worked out when it was loaded.
    init(units: [(unit: UnitFile, info: UnitInfo)]) {
        var members: [String: [String]] = [:]
        for (_, info) in units {
            if let pod = info.startsWithPod { members[pod, default: []].append(info.serviceFileName) }
        }
        var infos: [String: UnitInfo] = [:]
        infos.reserveCapacity(units.count)
        for (unit, info) in units {
            infos[unit.filename] = info.kind == .pod ? info.withMembers(members[unit.filename] ?? []) : info
        }
        self.infos = infos
    }

    subscript(fileName: String) -> UnitInfo? { infos[fileName] }
}
