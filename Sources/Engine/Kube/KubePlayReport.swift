/// What `kube play` made, in Podman's order of printing.
public struct KubePlayReport: Sendable {
    public struct PlayedPod: Sendable {
        public var id: String
        public var containers: [String]
    }

    /// `--replace`: what was torn down first.
    public var teardown: KubeDownReport?
    /// PersistentVolumeClaims' volume names.
    public var volumes: [String] = []
    /// IDs of the Secrets stored.
    public var secrets: [String] = []
    public var pods: [PlayedPod] = []
    /// Fields berth read past, one line each.
    public var warnings: [String] = []
    public var serviceContainerID: String?
}
