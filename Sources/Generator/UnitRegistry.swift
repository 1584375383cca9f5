import UnitParser

/// Every unit of this run by file name, so references between units
/// (`Network=app.network`) resolve to service and resource names.
final class UnitRegistry {
    private var infos: [String: UnitInfo] = [:]

    init(units: [(UnitFile, UnitKind)]) {
        for (unit, kind) in units {
            infos[unit.filename] = UnitInfo(unit: unit, kind: kind)
        }
    }

    subscript(fileName: String) -> UnitInfo? { infos[fileName] }
}
