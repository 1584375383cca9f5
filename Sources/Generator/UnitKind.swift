import UnitParser

/// The Quadlet unit types: what file extension, source group and service
/// name suffix each has, and in which order they are converted.
public enum UnitKind: String, CaseIterable, Sendable {
    case container, volume, network, pod, kube, image, build, artifact

    public init?(fileName: String) {
        let ext = UnitFile.fileExtension(of: fileName)
        guard ext.count > 1, let kind = UnitKind(rawValue: String(ext.dropFirst())) else { return nil }
        self = kind
    }

    public var fileExtension: String { "." + rawValue }

    /// The group holding the type's keys (`[Container]`).
    public var groupName: String {
        switch self {
        case .container: "Container"
        case .volume: "Volume"
        case .network: "Network"
        case .pod: "Pod"
        case .kube: "Kube"
        case .image: "Image"
        case .build: "Build"
        case .artifact: "Artifact"
        }
    }

    /// The source group is kept in the service under this name; systemd ignores `X-` groups.
    public var renamedGroupName: String { "X-" + groupName }

    /// `web.volume` → `web-volume.service`; containers and kube keep the name.
    public var serviceSuffix: String {
        switch self {
        case .container, .kube: ""
        default: "-" + rawValue
        }
    }

    /// Units that others refer to by resource name convert first; pods
    /// last, so that their member containers are known.
    var conversionOrder: Int {
        switch self {
        case .image, .artifact: 1
        case .volume, .network: 2
        case .build: 3
        case .container, .kube: 4
        case .pod: 5
        }
    }

    /// The key naming the resource the unit creates, if the type has one.
    var resourceNameKey: String? {
        switch self {
        case .container: "ContainerName"
        case .volume: "VolumeName"
        case .network: "NetworkName"
        case .pod: "PodName"
        default: nil
        }
    }
}

extension UnitKind {
    /// The service the generator makes of `unit` (`web.volume` →
    /// `web-volume.service`, `ServiceName=` honoured), for tools that
    /// manage installed units (`berth quadlet list`).
    public static func serviceFileName(of unit: UnitFile) -> String? {
        guard let kind = UnitKind(fileName: unit.filename) else { return nil }
        return UnitInfo.serviceName(of: unit, kind: kind) + ".service"
    }
}
