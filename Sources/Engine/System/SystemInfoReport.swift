/// `berth info`: the host, the store and the build, in Podman's shape
/// (`libpod/define/info.go`): the JSON names here are Podman's JSON names,
/// `goFieldNames` gives the Go field names its templates use
/// (`{{.Host.OCIRuntime.Name}}`).
public struct SystemInfoReport: Codable, Sendable {
    public var host: Host
    public var store: StoreSection
    /// Podman prints registries.conf's search list here; berth reads no
    /// registries.conf yet, so it is empty as on a host without one.
    public var registries: [String: [String]] = [:]
    public var plugins: Plugins
    public var version: SystemVersionReport

    public struct Host: Codable, Sendable {
        public var arch: String
        public var cgroupManager: String
        public var cgroupVersion: String
        public var cgroupControllers: [String]
        public var conmon: Program
        public var cpus: Int
        public var distribution: Distribution
        public var eventLogger: String
        public var hostname: String
        public var idMappings: IDMappings
        public var kernel: String
        public var logDriver: String
        public var memFree: Int64
        public var memTotal: Int64
        public var networkBackend: String
        public var ociRuntime: Runtime
        public var os: String
        public var serviceIsRemote: Bool
        public var security: Security
        public var swapFree: Int64
        public var swapTotal: Int64
        public var uptime: String
        public var linkmode: String
    }

    public struct Program: Codable, Sendable {
        public var package: String
        public var path: String
        public var version: String
    }

    public struct Runtime: Codable, Sendable {
        public var name: String
        public var package: String
        public var path: String
        public var version: String
    }

    public struct Distribution: Codable, Sendable {
        public var distribution: String
        public var version: String
        public var codename: String?
    }

    /// Both maps print as `null` for root, as in Podman.
    public struct IDMappings: Codable, Sendable {
        public var gidmap: [IDMap]?
        public var uidmap: [IDMap]?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(gidmap, forKey: .gidmap)
            try container.encode(uidmap, forKey: .uidmap)
        }
    }

    public struct IDMap: Codable, Sendable {
        public var containerID: Int
        public var hostID: Int
        public var size: Int

        enum CodingKeys: String, CodingKey {
            case containerID = "container_id"
            case hostID = "host_id"
            case size
        }
    }

    public struct Security: Codable, Sendable {
        public var apparmorEnabled: Bool
        public var capabilities: String
        public var rootless: Bool
        public var seccompEnabled: Bool
        public var seccompProfilePath: String
        public var selinuxEnabled: Bool
    }

    public struct StoreSection: Codable, Sendable {
        public var containerStore: ContainerCounts
        public var graphDriverName: String
        public var graphOptions: [String: String] = [:]
        public var graphRoot: String
        public var graphRootAllocated: UInt64
        public var graphRootUsed: UInt64
        public var imageCopyTmpDir: String
        public var imageStore: ImageCount
        public var runRoot: String
        public var volumePath: String
    }

    public struct ContainerCounts: Codable, Sendable {
        public var number = 0
        public var paused = 0
        public var running = 0
        public var stopped = 0
    }

    public struct ImageCount: Codable, Sendable {
        public var number: Int
    }

    public struct Plugins: Codable, Sendable {
        public var volume: [String]
        public var network: [String]
        public var log: [String]
        /// Always `null`: there is no daemon to authorize requests to.
        public var authorization: [String]?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(volume, forKey: .volume)
            try container.encode(network, forKey: .network)
            try container.encode(log, forKey: .log)
            try container.encode(authorization, forKey: .authorization)
        }
    }

    /// Podman's Go field name for each JSON name of the report (where the
    /// two differ only by the first letter's case, the rule covers it).
    public static let goFieldNames: [String: String] = [
        "cgroupVersion": "CgroupsVersion", "cpus": "CPUs", "idMappings": "IDMappings", "gidmap": "GIDMap", "uidmap": "UIDMap",
        "container_id": "ContainerID", "host_id": "HostID", "ociRuntime": "OCIRuntime", "os": "OS",
        "apparmorEnabled": "AppArmorEnabled", "capabilities": "DefaultCapabilities", "seccompEnabled": "SECCOMPEnabled",
        "seccompProfilePath": "SECCOMPProfilePath", "selinuxEnabled": "SELinuxEnabled", "linkmode": "Linkmode",
    ]

    /// The Go field name a template uses for the JSON name `key`.
    public static func goFieldName(_ key: String) -> String {
        goFieldNames[key] ?? key.prefix(1).uppercased() + key.dropFirst()
    }
}
