import UnitParser

/// Every unit of this run by file name, so references between units
/// (`Network=app.network`) resolve to service and resource names. Built
/// once before converting; read-only after, so conversions can run in parallel.
final class UnitRegistry: Sendable {
    private let infos: [String: UnitInfo]

    /// `units` in conversion order (a pod's members keep that order).
    init(units: [(UnitFile, UnitKind)]) {
        var members: [String: [String]] = [:]
        for (unit, kind) in units where kind == .container {
            if let pod = UnitRegistry.podStartingWith(unit) {
                members[pod, default: []].append(UnitInfo.serviceName(of: unit, kind: kind) + ".service")
            }
        }
        let podMembers = members
        let named = Parallel.map(units) { (unit, kind) in
            UnitInfo(unit: unit, kind: kind, containersToStart: podMembers[unit.filename] ?? [])
        }
        var infos: [String: UnitInfo] = [:]
        infos.reserveCapacity(units.count)
        for ((unit, _), info) in zip(units, named) {
            infos[unit.filename] = info
        }
        self.infos = infos
    }

    subscript(fileName: String) -> UnitInfo? { infos[fileName] }

    /// The `.pod` a container joins and starts with (`StartWithPod=`, on by
    /// default); an uninstantiated template cannot be started by its pod.
    static func podStartingWith(_ container: UnitFile) -> String? {
        let group = UnitKind.container.groupName
        guard let pod = container.lookupNonEmpty("Pod", in: group), pod.hasSuffix(".pod"),
              container.lookupBoolean("StartWithPod", in: group, default: true) else { return nil }
        let (_, instance, isTemplate) = container.templateParts
        return !isTemplate || !instance.isEmpty ? pod : nil
    }
}
