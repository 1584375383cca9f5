/// `kind: Job`: one pod (`<name>-pod`) from its template, as Podman plays it.
public struct KubeJob: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: KubeObjectMeta
    public var spec: Spec

    public struct Spec: Codable, Sendable {
        public var template: KubePodTemplate
    }
}
