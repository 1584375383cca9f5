/// A pod's `spec.securityContext`: defaults for its containers.
public struct KubePodSecurityContext: Codable, Sendable {
    public var runAsUser: Int?
    public var runAsGroup: Int?
    public var supplementalGroups: [Int]?
}
