import UnitParser

/// Converts one Quadlet unit into its service. The per-type rules live in
/// `Conversion+<Type>.swift`; what several types share lives here.
struct Conversion {
    let source: UnitFile
    let kind: UnitKind
    let context: ConversionContext
    let units: UnitRegistry
    let info: UnitInfo
    /// The service being written.
    var service: UnitFile
    /// Problems that do not stop the conversion.
    var warnings: [String] = []
    /// Keys the source group sets, in first-seen order: most rules name
    /// keys a unit does not use, and this answers that faster than a lookup.
    let presentKeys: [String]

    var group: String { kind.groupName }

    /// Starts the service as a copy of the source with Quadlet's common
    /// additions: unknown keys refused, `.container`-style dependencies
    /// translated, default dependencies, `SourcePath=`, the source group
    /// renamed to `X-...`.
    init(source: UnitFile, kind: UnitKind, context: ConversionContext, units: UnitRegistry) throws(ConversionError) {
        guard let info = units[source.filename] else {
            throw ConversionError("internal error: no unit information for \(source.filename)")
        }
        self.source = source
        self.kind = kind
        self.context = context
        self.units = units
        self.info = info
        let keys = source.keys(in: kind.groupName)
        presentKeys = keys
        try Self.checkKeys(keys, of: source, in: kind.groupName, allowed: kind.supportedKeys)
        try Self.checkKeys(source.keys(in: "Quadlet"), of: source, in: "Quadlet", allowed: UnitKind.quadletKeys)

        service = source
        service.filename = info.serviceFileName
        warnServiceKeys()
        try translateDependencies()
        if source.lookupBoolean("DefaultDependencies", in: "Quadlet", default: true) {
            service.prepend("After", context.networkOnlineUnit, in: "Unit")
            service.prepend("Wants", context.networkOnlineUnit, in: "Unit")
        }
        if !source.path.isEmpty {
            service.add("SourcePath", source.path, in: "Unit")
        }
        // The engine needs its runtime directory mounted.
        service.add("RequiresMountsFor", "%t/containers", in: "Unit")
        service.renameGroup(kind.groupName, to: kind.renamedGroupName)
        service.renameGroup("Quadlet", to: "X-Quadlet")
    }

    private static func checkKeys(_ keys: [String], of unit: UnitFile, in group: String, allowed: Set<String>) throws(ConversionError) {
        for key in keys where !allowed.contains(key) {
            let location = unit.location(of: key, in: group)
            let place = location.map { "\($0)" } ?? unit.path
            throw ConversionError("unsupported key '\(key)' in group '\(group)' in \(place)")
        }
    }

    /// Keys of `[Service]` that would run the engine as another user, which
    /// breaks it; Quadlet warns and keeps them.
    private mutating func warnServiceKeys() {
        for key in ["User", "Group", "DynamicUser"] where source.hasKey(key, in: "Service") {
            let place = source.location(of: key, in: "Service").map { " (\($0))" } ?? ""
            warnings.append("Warning: using key \(key) in the Service group is not supported\(place)")
        }
    }

    static let dependencyKeys = [
        "After", "Before", "BindsTo", "Conflicts", "OnFailure", "OnSuccess", "PartOf", "PropagatesReloadTo",
        "PropagatesStopTo", "ReloadPropagatedFrom", "Requires", "Requisite", "StopPropagatedFrom", "Upholds",
        "Wants",
    ]

    /// `After=db.container` → `After=db.service`: names of Quadlet units in
    /// `[Unit]` dependency keys become the services they generate.
    private mutating func translateDependencies() throws(ConversionError) {
        let present = service.keys(in: "Unit")
        for key in Self.dependencyKeys where present.contains(key) {
            let dependencies = service.lookupAllStrv(key, in: "Unit")
            guard !dependencies.isEmpty else { continue }
            var translated = false
            var names: [String] = []
            for dependency in dependencies {
                if UnitKind(fileName: dependency) != nil {
                    guard let other = units[dependency] else {
                        throw ConversionError("unable to translate dependency for \(dependency)", at: source.location(of: key, in: "Unit"))
                    }
                    names.append(other.serviceFileName)
                    translated = true
                } else {
                    names.append(dependency)
                }
            }
            guard translated else { continue }
            service.unset(key, in: "Unit")
            service.add(key, names.joined(separator: " "), in: "Unit")
        }
    }

    /// `ENGINE [--module=M]... [GlobalArgs...]`, the start of every command.
    func baseCommand() -> EngineCommand {
        var command = EngineCommand(engine: context.engine)
        for module in source.lookupAll("ContainersConfModule", in: group) {
            command.add("--module=" + module)
        }
        command.add(contentsOf: source.lookupAllArgs("GlobalArgs", in: group))
        return command
    }

    /// Whether the source group sets `key` (lengths compared first: cheaper than hashing).
    func sets(_ key: String) -> Bool {
        presentKeys.contains { $0.utf8.count == key.utf8.count && $0 == key }
    }

    func location(of key: String) -> SourceLocation? {
        source.location(of: key, in: group)
    }

    /// Makes a dependency on another unit's service.
    mutating func require(_ other: UnitInfo, binding: Bool = false) {
        service.add(binding ? "BindsTo" : "Requires", other.serviceFileName, in: "Unit")
        service.add("After", other.serviceFileName, in: "Unit")
    }

    /// Sets `key` in `[Service]` unless the unit's own `[Service]` set it.
    mutating func setServiceDefault(_ key: String, _ value: String) {
        if !service.hasKey(key, in: "Service") {
            service.set(key, value, in: "Service")
        }
    }

    /// Services that run one command and stay "active" (volumes, networks, images).
    mutating func makeOneshot(remainAfterExit: Bool) {
        setServiceDefault("SyslogIdentifier", "%N")
        setServiceDefault("Type", "oneshot")
        if remainAfterExit { setServiceDefault("RemainAfterExit", "yes") }
    }

    /// `%h/...` and the like: systemd expands them, so they are not relative.
    static func startsWithSpecifier(_ path: String) -> Bool {
        path.hasPrefix("%") && !path.hasPrefix("%%")
    }

    /// A relative path made absolute against the unit file's directory;
    /// paths starting with a systemd specifier (`%h/...`) are left alone.
    func absolutePath(_ path: String) -> String {
        if Paths.isAbsolute(path) || Self.startsWithSpecifier(path) { return path }
        let base = source.path.isEmpty ? "." : Paths.directory(of: source.path)
        return Paths.join(base, path)
    }
}
