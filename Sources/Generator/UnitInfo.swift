import UnitParser

/// What other units need to know about one unit: the service it becomes
/// and the engine resource (container, volume, network, ...) it creates.
final class UnitInfo: Sendable {
    let kind: UnitKind
    /// Service name without `.service`.
    let serviceName: String
    /// The resource's name as the engine knows it; empty when it cannot be
    /// known without systemd's specifiers (a templated container name).
    let resourceName: String
    /// For pods: services of the member containers that start with the pod.
    let containersToStart: [String]
    /// For containers: the `.pod` this one joins and starts with.
    let startsWithPod: String?

    init(kind: UnitKind, serviceName: String, resourceName: String, containersToStart: [String] = [], startsWithPod: String? = nil) {
        self.kind = kind
        self.serviceName = serviceName
        self.resourceName = resourceName
        self.containersToStart = containersToStart
        self.startsWithPod = startsWithPod
    }

    var serviceFileName: String { serviceName + ".service" }

    /// Works out names for `unit` without converting it or looking at
    /// other units (a pod's members are added by the registry).
    convenience init(unit: UnitFile, kind: UnitKind) {
        let service = UnitInfo.serviceName(of: unit, kind: kind)
        self.init(kind: kind, serviceName: service,
                  resourceName: UnitInfo.resourceName(of: unit, kind: kind, serviceName: service),
                  startsWithPod: kind == .container ? UnitInfo.podStartingWith(unit) : nil)
    }

    /// This pod's information with the services of its members.
    func withMembers(_ containers: [String]) -> UnitInfo {
        UnitInfo(kind: kind, serviceName: serviceName, resourceName: resourceName, containersToStart: containers)
    }

    /// The `.pod` a container joins and starts with (`StartWithPod=`, on by
    /// default); an uninstantiated template cannot be started by its pod.
    static func podStartingWith(_ container: UnitFile) -> String? {
        let group = UnitKind.container.groupName
        guard let pod = container.lookupNonEmpty("Pod", in: group), pod.hasSuffix(".pod"),
              container.lookupBoolean("StartWithPod", in: group, default: true) else { return nil }
        let (_, instance, isTemplate) = container.templateParts
        return !isTemplate || !instance.isEmpty ? pod : nil
    }

    static func serviceName(of unit: UnitFile, kind: UnitKind) -> String {
        if let name = unit.lookup("ServiceName", in: kind.groupName) { return name }
        let (base, instance, isTemplate) = unit.templateParts
        guard isTemplate else { return UnitFile.removingExtension(of: unit.filename) + kind.serviceSuffix }
        return base + kind.serviceSuffix + "@" + instance
    }

    /// Quadlet's default resource name: `systemd-<name>`, and for templates
    /// `systemd-<base>-<instance>` (`%i` while uninstantiated).
    static func defaultResourceName(of unit: UnitFile) -> String {
        let (base, instance, isTemplate) = unit.templateParts
        guard isTemplate else { return "systemd-" + UnitFile.removingExtension(of: unit.filename) }
        return "systemd-" + base + "-" + (instance.isEmpty ? "%i" : instance)
    }

    /// A container's name as written in its command line (may hold specifiers).
    static func containerName(of unit: UnitFile) -> String {
        if let name = unit.lookupNonEmpty("ContainerName", in: UnitKind.container.groupName) { return name }
        return unit.templateParts.isTemplate ? "systemd-%p_%i" : "systemd-%N"
    }

    static func resourceName(of unit: UnitFile, kind: UnitKind, serviceName: String) -> String {
        let group = kind.groupName
        switch kind {
        case .container:
            let name = containerName(of: unit).replacingOccurrences(of: "%N", with: serviceName)
            return name.utf8.contains(UInt8(ascii: "%")) ? "" : name
        case .volume, .network, .pod:
            return unit.lookupNonEmpty(kind.resourceNameKey!, in: group) ?? defaultResourceName(of: unit)
        case .image:
            return unit.lookupNonEmpty("ImageTag", in: group) ?? unit.lookup("Image", in: group) ?? ""
        case .build:
            return unit.lookupAll("ImageTag", in: group).first ?? ""
        case .artifact:
            return unit.lookup("Artifact", in: group) ?? ""
        case .kube:
            return ""
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (stdlib only, no Foundation;
    /// compares UTF-8 bytes, which is exact for the ASCII specifiers used here).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        let haystack = Array(utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return self }
        var result: [UInt8] = []
        var index = 0
        var replaced = false
        while index < haystack.count {
            if haystack[index] == needle[0], index + needle.count <= haystack.count,
               haystack[index..<(index + needle.count)].elementsEqual(needle) {
                result += replacement.utf8
                index += needle.count
                replaced = true
            } else {
                result.append(haystack[index])
                index += 1
            }
        }
        return replaced ? String(decoding: result, as: UTF8.self) : self
    }
}
