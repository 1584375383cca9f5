/// `envFrom[]`: every key of a ConfigMap or a secret, with an optional prefix.
public struct KubeEnvFromSource: Codable, Sendable {
    public var prefix: String?
    public var configMapRef: Reference?
    public var secretRef: Reference?

    /// A reference by name (`configMapRef`, `secretRef`).
    public struct Reference: Codable, Sendable {
        public var name: String
        public var optional: Bool?
    }
}
