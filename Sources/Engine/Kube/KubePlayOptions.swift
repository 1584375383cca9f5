/// What `kube play` asks besides the YAML (Podman's flags).
public struct KubePlayOptions: Sendable {
    /// `--replace`: what the YAML names is torn down first.
    public var replace = false
    /// `--start=false`: pods are created, not started.
    public var start = true
    /// `--network`: the pods' networks (else Podman's kube network, as root).
    public var networks: [String] = []
    /// `--publish`: over the YAML's `hostPort`s for the same container port.
    public var publish: [String] = []
    /// `--configmap`: files holding ConfigMaps.
    public var configMapFiles: [String] = []
    public var logDriver: LogDriver?
    public var logOptions: [String: String] = [:]
    public var userNamespace: UserNamespaceConfig?
    /// `--annotation`: added to every pod's annotations.
    public var annotations: [String: String] = [:]
    /// `--service-container`: a container whose monitor stands for the
    /// played pods (a `.kube` unit's main process).
    public var serviceContainer = false
    /// `--service-exit-code-propagation`.
    public var exitCodePropagation: KubeExitCodePropagation = .none
    /// The unit this runs under (`PODMAN_SYSTEMD_UNIT`), labelled on containers.
    public var systemdUnit: String?
    public var createCommand: [String] = []

    public init() {}
}
