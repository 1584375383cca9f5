/// A container's `securityContext` (and what a pod's gives its containers).
public struct KubeSecurityContext: Codable, Sendable {
    public var runAsUser: Int?
    public var runAsGroup: Int?
    public var privileged: Bool?
    public var readOnlyRootFilesystem: Bool?
    public var allowPrivilegeEscalation: Bool?
    public var capabilities: Capabilities?

    public struct Capabilities: Codable, Sendable {
        public var add: [String]?
        public var drop: [String]?
    }
}
