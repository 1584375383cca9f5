/// What `kube down` (or `kube play --replace`) removed.
public struct KubeDownReport: Sendable {
    public var stoppedPods: [String] = []
    public var removedPods: [String] = []
    public var removedSecrets: [String] = []
    /// Only with `--force`.
    public var removedVolumes: [String] = []
}
