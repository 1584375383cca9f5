/// `kind: Deployment`: one pod (`<name>-pod`) from its template, as Podman
/// plays it.
public struct KubeDeployment: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: KubeObjectMeta
    public var spec: Spec

    public struct Spec: Codable, Sendable {
        public var replicas: Int?
        /// Read and not used: the one pod is the template's.
        public var selector: Selector?
        public var template: KubePodTemplate
    }

    public struct Selector: Codable, Sendable {
        public var matchLabels: [String: String]?
    }
}
