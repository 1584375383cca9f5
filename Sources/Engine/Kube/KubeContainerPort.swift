/// `ports[]`: a `hostPort` is published on the pod.
public struct KubeContainerPort: Codable, Sendable {
    public var name: String?
    public var containerPort: Int
    public var hostPort: Int?
    public var hostIP: String?
    /// `TCP` (the default), `UDP`, `SCTP`.
    public var `protocol`: String?
}
