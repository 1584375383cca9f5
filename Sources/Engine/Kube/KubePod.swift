/// `kind: Pod`.
public struct KubePod: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: KubeObjectMeta
    public var spec: KubePodSpec
}
