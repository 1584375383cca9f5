/// What a caller asks of a new pod (`pod create`'s flags, a `.pod` unit):
/// the pod's own settings and those of its infra container, which holds
/// the shared namespaces, the networks and the published ports.
public struct PodSpec: Sendable {
    public var name: String?
    /// Remove a pod of the same name first (`--replace`).
    public var replace = false
    public var labels: [String: String] = [:]
    public var share: [PodNamespace] = PodNamespace.defaults
    public var exitPolicy: PodExitPolicy = .continue
    /// `--infra-conmon-pidfile`: the infra container's monitor pid, for a
    /// forking service's PIDFile.
    public var infraConmonPidfile: String?
    public var infraName: String?
    /// nil: the pause image built locally from catatonit.
    public var infraImage: String?
    /// nil: the image's entrypoint.
    public var infraCommand: [String]?
    /// `--network`, `--publish`, `--ip`, ...: the infra container's.
    public var networkFlags = ContainerNetworkChoice.Flags()
    public var hostname: String?
    public var noHosts = false
    public var addHosts: [String] = []
    public var dnsServers: [String] = []
    public var dnsSearch: [String] = []
    public var dnsOptions: [String] = []
    public var shmSize: Int64?
    /// `--volume`: mounted into every member.
    public var mounts: [ContainerMountSpec] = []
    public var userNamespace: UserNamespaceConfig?
    public var createCommand: [String] = []
    /// `kube play --service-container`: the service container's ID.
    public var serviceContainer: String?

    package init() {}
}
