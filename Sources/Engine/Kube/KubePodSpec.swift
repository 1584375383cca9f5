/// A pod's `spec` (also a Deployment's `spec.template.spec`).
public struct KubePodSpec: Codable, Sendable {
    public var containers: [KubeContainer]
    public var volumes: [KubeVolume]?
    /// `Always` (the default), `OnFailure`, `Never`.
    public var restartPolicy: String?
    public var hostname: String?
    public var hostNetwork: Bool?
    public var shareProcessNamespace: Bool?
    public var hostAliases: [HostAlias]?
    public var terminationGracePeriodSeconds: Int?
    public var securityContext: KubePodSecurityContext?

    /// `hostAliases[]`: /etc/hosts entries.
    public struct HostAlias: Codable, Sendable {
        public var ip: String
        public var hostnames: [String]?
    }
}
