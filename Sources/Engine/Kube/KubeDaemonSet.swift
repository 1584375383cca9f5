/// `kind: DaemonSet`: one pod (`<name>-pod`) from its template, as Podman
/// plays it (this machine is the only node).
public struct KubeDaemonSet: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: KubeObjectMeta
    public var spec: Spec

    public struct Spec: Codable, Sendable {
        /// Read and not used: the one pod is the template's.
        public var selector: KubeDeployment.Selector?
        public var template: KubePodTemplate
    }
}
