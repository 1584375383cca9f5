/// `metadata` of a Kubernetes object: what berth reads of it.
public struct KubeObjectMeta: Codable, Sendable {
    public var name: String?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    /// Read and not used: a pod's name is global on one machine.
    public var namespace: String?
}
