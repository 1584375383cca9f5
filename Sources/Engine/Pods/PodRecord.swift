import GRDB
import Foundation

/// A pod as stored: its name, its infra container and its configuration
/// (JSON). `phase` makes creation and removal repairable: a pod is
/// recorded `creating` before its infra container exists and marked
/// `removing` before its containers go; a command that finds either phase
/// with no process holding the pod's lock finishes the removal.
public struct PodRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "pod"

    public enum Phase: String, Codable, Sendable {
        case creating, ready, removing
    }

    public var id: String
    public var name: String
    public var created: Double
    /// Chosen before the infra container is created, so a crash in between
    /// leaves a record that names what to clean up.
    public var infraId: String
    public var phase: Phase
    public var config: Data
}

/// What a pod keeps besides its infra container's own configuration.
/// Tolerant like the container's: every field has a default.
public struct PodConfiguration: Codable, Sendable {
    public static let currentSchemaVersion = 1

    public var schemaVersion = PodConfiguration.currentSchemaVersion
    public var labels: [String: String] = [:]
    /// The namespaces the members join (Podman's `--share`).
    public var share: [PodNamespace] = PodNamespace.defaults
    public var exitPolicy: PodExitPolicy = .continue
    /// The infra container's hostname, which members sharing `uts` see.
    public var hostname: String = ""
    /// `--volume` on the pod: added to every member.
    public var mounts: [ContainerMountSpec] = []
    /// `--userns` on the pod: the members' unless they give their own.
    public var userNamespace: UserNamespaceConfig?
    public var createCommand: [String] = []
    /// `kube play --service-container`: the ID of the container whose
    /// monitor stands for the pod (stopped once no member runs).
    public var serviceContainer: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case schemaVersion, labels, share, exitPolicy, hostname, mounts, userNamespace, createCommand, serviceContainer
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 0
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        share = try c.decodeIfPresent([PodNamespace].self, forKey: .share) ?? PodNamespace.defaults
        exitPolicy = try c.decodeIfPresent(PodExitPolicy.self, forKey: .exitPolicy) ?? .continue
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname) ?? ""
        mounts = try c.decodeIfPresent([ContainerMountSpec].self, forKey: .mounts) ?? []
        userNamespace = try c.decodeIfPresent(UserNamespaceConfig.self, forKey: .userNamespace)
        createCommand = try c.decodeIfPresent([String].self, forKey: .createCommand) ?? []
        serviceContainer = try c.decodeIfPresent(String.self, forKey: .serviceContainer)
    }
}

/// A namespace a pod's members share with its infra container.
public enum PodNamespace: String, Codable, Sendable, CaseIterable {
    case ipc, net, pid, uts

    public static let defaults: [PodNamespace] = [.ipc, .net, .uts]

    /// `--share`: a comma list (`none` or empty: nothing; `+pid`: the
    /// defaults and pid), as in Podman.
    package static func parse(_ value: String?) throws -> [PodNamespace] {
        guard var value else { return defaults }
        var result: [PodNamespace] = []
        if value.hasPrefix("+") { result = defaults; value.removeFirst() }
        for word in value.split(separator: ",").map(String.init) where word != "none" {
            if word == "cgroup" || word == "user" {
                throw EngineError.invalid("--share \(word) is not supported yet: pods share ipc, net, pid and uts")
            }
            guard let ns = PodNamespace(rawValue: word) else {
                throw EngineError.invalid("invalid kernel namespace to share: \(word). Options are: cgroup, ipc, net, pid, uts or none")
            }
            if !result.contains(ns) { result.append(ns) }
        }
        return result
    }
}

/// `--exit-policy`: what happens when the pod's last container exits.
public enum PodExitPolicy: String, Codable, Sendable {
    case `continue`, stop

    package init(parsing value: String) throws {
        guard let policy = PodExitPolicy(rawValue: value) else {
            throw EngineError.invalid("invalid pod exit policy: \(value.debugDescription): use continue or stop")
        }
        self = policy
    }
}
