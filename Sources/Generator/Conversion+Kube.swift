import UnitParser

/// `.kube` → a notify service running `kube play` with a service container.
extension Conversion {
    mutating func convertKube() throws(ConversionError) {
        let yamls = source.lookupAll("Yaml", in: group).map(absolutePath)
        guard !yamls.isEmpty else { throw ConversionError("no Yaml key specified") }

        if let killMode = service.lookup("KillMode", in: "Service") {
            guard killMode == "mixed" || killMode == "control-group" else {
                throw ConversionError("invalid KillMode '\(killMode)'", at: source.location(of: "KillMode", in: "Service"))
            }
        } else {
            service.set("KillMode", "mixed", in: "Service")
        }
        service.add("Environment", "PODMAN_SYSTEMD_UNIT=%n", in: "Service")
        let serviceType = service.lookup("Type", in: "Service")
        if let serviceType, serviceType != "notify" && serviceType != "oneshot" {
            throw ConversionError("invalid service Type '\(serviceType)'", at: source.location(of: "Type", in: "Service"))
        }
        if serviceType != "oneshot" {
            service.set("Type", "notify", in: "Service")
            service.set("NotifyAccess", "all", in: "Service")
        }
        setServiceDefault("SyslogIdentifier", "%N")

        var play = baseCommand()
        play.add("kube", "play", "--replace", "--service-container=true")
        if let propagation = source.lookupNonEmpty("ExitCodePropagation", in: group) {
            play.add("--service-exit-code-propagation=" + propagation)
        }
        addLogging(to: &play)
        try addUserMappings(to: &play, manualRemap: false)
        try addNetworks(to: &play)
        for update in source.lookupAllStrv("AutoUpdate", in: group) {
            let (first, rest) = Self.cut(update, at: "/")
            if let rest {
                play.add("--annotation=io.containers.autoupdate/\(first)=\(rest)")
            } else {
                play.add("--annotation=io.containers.autoupdate=\(update)")
            }
        }
        for configMap in source.lookupAllStrv("ConfigMap", in: group) {
            play.add("--configmap", absolutePath(configMap))
        }
        addPublishPorts(to: &play)
        addPodmanArgs(to: &play)
        play.add(contentsOf: yamls)
        service.addCommandLine("ExecStart", play.words, in: "Service")

        var down = baseCommand()
        down.add("kube", "down")
        if let force = source.lookupBoolean("KubeDownForce", in: group) { down.add(flag: "--force", force) }
        down.add(contentsOf: yamls)
        service.addCommandLine("ExecStopPost", down.words, in: "Service")

        _ = try setWorkingDirectory(yamlCount: yamls.count)
    }

    /// `SetWorkingDirectory=` (`yaml`, `file`, `unit`, or for builds a path
    /// or URL) → `WorkingDirectory=`; returns a build context, if any.
    mutating func setWorkingDirectory(yamlCount: Int = 0) throws(ConversionError) -> String {
        guard let setting = source.lookupNonEmpty("SetWorkingDirectory", in: group) else { return "" }
        let place = location(of: "SetWorkingDirectory")
        var relativeTo = ""
        var context = ""
        switch setting.lowercased() {
        case "yaml":
            guard kind == .kube else {
                throw ConversionError("SetWorkingDirectory=\(setting) is only supported in .kube files", at: place)
            }
            guard yamlCount == 1, let yaml = source.lookup("Yaml", in: group) else {
                throw ConversionError("SetWorkingDirectory=yaml is only supported when a single Yaml key is provided", at: place)
            }
            relativeTo = yaml
        case "file":
            guard kind == .build else {
                throw ConversionError("SetWorkingDirectory=\(setting) is only supported in .build files", at: place)
            }
            guard let file = source.lookup("File", in: group) else { throw ConversionError("no File key specified", at: place) }
            relativeTo = file
        case "unit":
            relativeTo = source.path
        default:
            guard kind == .build else {
                throw ConversionError("unsupported value for WorkingDirectory: \(setting)", at: place)
            }
            context = setting
            if !Paths.isAbsolute(context) { relativeTo = source.path }
        }
        if !relativeTo.isEmpty && !Self.isURL(context) {
            if let existing = source.lookup("WorkingDirectory", in: "Service"), !existing.isEmpty { return "" }
            service.add("WorkingDirectory", Paths.directory(of: absolutePath(relativeTo)), in: "Service")
        }
        return context
    }

    static func isURL(_ text: String) -> Bool {
        text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("git://")
            || (text.hasPrefix("github.com/") && text.count > "github.com/".count)
    }
}
