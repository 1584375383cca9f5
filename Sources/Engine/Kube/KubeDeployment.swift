/// `kind: Deployment`: one pod (`<name>-pod`) from its template, as Podman
/// plays it.
public struct KubeDeployment: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: KubeObjectMeta
    public var spec: Spec

    public struct Spec: Codable, Sendable {
        public var replicas: Int?
        public var template: Template
    }

    public struct Template: Codable, Sendable {
        public var metadata: KubeObjectMeta?
        public var spec: KubePodSpec
    }
}
