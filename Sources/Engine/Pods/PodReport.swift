import Foundation

/// `pod ps --format json`: Podman's ListPodsReport.
public struct PodListReport: Encodable, Sendable {
    public var Cgroup = ""
    public var Containers: [ContainerEntry]
    public var Created: String
    public var Id: String
    public var InfraId: String
    public var Name: String
    public var Namespace = ""
    public var Networks: [String]
    public var Status: String
    public var Labels: [String: String]

    public struct ContainerEntry: Encodable, Sendable {
        public var Id: String
        public var Names: String
        public var Status: String
    }

    public init(_ pod: Pod) {
        Containers = pod.containers.map { ContainerEntry(Id: $0.id, Names: $0.name, Status: $0.statusWord) }
        Created = Timestamp.rfc3339(pod.record.created)
        Id = pod.id
        InfraId = pod.record.infraId
        Name = pod.name
        Networks = pod.infra?.config.networks?.map(\.name) ?? []
        Status = pod.status
        Labels = pod.config.labels
    }
}

/// One row of `pod ps` for a Go template: the fields Podman's
/// ListPodReporter offers (`{{.ID}}`, `{{.NumberOfContainers}}`, ...).
public struct PodListRow: Encodable, Sendable {
    public var ID: String
    public var Id: String
    public var Name: String
    public var Status: String
    public var Created: String
    public var CreatedAt: String
    public var InfraID: String
    public var InfraId: String
    public var NumberOfContainers: Int
    public var ContainerIds: String
    public var ContainerNames: String
    public var ContainerStatuses: String
    public var Cgroup = ""
    public var Namespace = ""
    public var Networks: String
    public var Labels: [String: String]

    /// `noTrunc`: full IDs.
    public init(_ pod: Pod, noTrunc: Bool = false) {
        func short(_ id: String) -> String { noTrunc ? id : String(id.prefix(12)) }
        ID = short(pod.id)
        Id = pod.id
        Name = pod.name
        Status = pod.status
        Created = Timestamp.humanSince(pod.record.created)
        CreatedAt = Timestamp.rfc3339(pod.record.created)
        InfraID = short(pod.record.infraId)
        InfraId = pod.record.infraId
        NumberOfContainers = pod.containers.count
        ContainerIds = pod.containers.map { short($0.id) }.joined(separator: ",")
        ContainerNames = pod.containers.map(\.name).joined(separator: ",")
        ContainerStatuses = pod.containers.map(\.statusWord).joined(separator: ",")
        Networks = (pod.infra?.config.networks?.map(\.name) ?? []).joined(separator: ",")
        Labels = pod.config.labels
    }

    /// Podman's column titles for `table` templates.
    public static let headers = [
        "ID": "POD ID", "Name": "NAME", "Status": "STATUS", "Created": "CREATED", "InfraID": "INFRA ID",
        "NumberOfContainers": "# OF CONTAINERS", "ContainerIds": "IDS", "ContainerNames": "NAMES",
        "ContainerStatuses": "STATUS", "Cgroup": "CGROUP", "Namespace": "NAMESPACES", "Networks": "NETWORKS", "Labels": "LABELS",
    ]
}

/// `pod inspect`: Podman 4.3's InspectPodData.
public struct PodInspectReport: Encodable, Sendable {
    public var Id: String
    public var Name: String
    public var Namespace = ""
    public var Created: String
    public var CreateCommand: [String]
    public var ExitPolicy: String
    public var State: String
    public var Hostname: String
    public var Labels: [String: String]
    public var CreateCgroup = false
    public var CreateInfra = true
    public var InfraContainerID: String
    public var InfraConfig: InfraConfigReport
    public var SharedNamespaces: [String]
    public var NumContainers: Int
    public var Containers: [ContainerEntry]

    public struct InfraConfigReport: Encodable, Sendable {
        public var PortBindings: [String: [NetworkSettingsReport.HostPort]]
        public var HostNetwork: Bool
        public var StaticIP: String
        public var StaticMAC: String
        public var NoManageResolvConf = false
        public var DNSServer: [String]?
        public var DNSSearch: [String]?
        public var DNSOption: [String]?
        public var NoManageHosts: Bool
        public var HostAdd: [String]?
        public var Networks: [String]?
        public var NetworkOptions: [String: [String]]?
        public var pid_ns: String
        public var userns: String
        public var uts_ns: String
    }

    public struct ContainerEntry: Encodable, Sendable {
        public var Id: String
        public var Name: String
        public var State: String
    }

    public init(_ pod: Pod) {
        let infra = pod.infra?.config
        Id = pod.id
        Name = pod.name
        Created = Timestamp.rfc3339(pod.record.created)
        CreateCommand = pod.config.createCommand
        ExitPolicy = pod.config.exitPolicy.rawValue
        State = pod.status
        Hostname = pod.config.hostname
        Labels = pod.config.labels
        InfraContainerID = pod.record.infraId
        var bindings: [String: [NetworkSettingsReport.HostPort]] = [:]
        for port in infra?.portMappings ?? [] {
            for i in 0..<max(1, Int(port.range)) {
                bindings["\(Int(port.containerPort) + i)/\(port.proto.rawValue)", default: []].append(
                    .init(HostIp: port.hostIP, HostPort: port.hostPort == 0 ? "" : String(Int(port.hostPort) + i)))
            }
        }
        InfraConfig = InfraConfigReport(
            PortBindings: bindings, HostNetwork: infra?.network == .host,
            StaticIP: infra?.networks?.first?.staticIPs.first ?? "", StaticMAC: infra?.networks?.first?.staticMAC ?? "",
            DNSServer: infra?.dnsServers, DNSSearch: infra?.dnsSearch, DNSOption: infra?.dnsOptions,
            NoManageHosts: infra?.noHosts ?? false, HostAdd: infra?.addHosts, Networks: infra?.networks?.map(\.name),
            pid_ns: pod.config.share.contains(.pid) ? "pod" : "private",
            userns: infra?.userNamespace.map { $0.mode.isEmpty ? "private" : $0.mode } ?? "host",
            uts_ns: pod.config.share.contains(.uts) ? "pod" : "private")
        SharedNamespaces = pod.config.share.map(\.rawValue)
        NumContainers = pod.containers.count
        Containers = pod.containers.map { ContainerEntry(Id: $0.id, Name: $0.name, State: $0.statusWord) }
    }
}
