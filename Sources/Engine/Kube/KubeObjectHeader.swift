/// The fields every Kubernetes object has: enough to pick the model a
/// document is decoded with.
struct KubeObjectHeader: Codable, Sendable {
    var apiVersion: String?
    var kind: String?
    var metadata: KubeObjectMeta?
}
