/// `env[]`: a value, or one read from a ConfigMap or a secret.
public struct KubeEnvVar: Codable, Sendable {
    public var name: String
    public var value: String?
    public var valueFrom: Source?

    /// `valueFrom`.
    public struct Source: Codable, Sendable {
        public var configMapKeyRef: KeySelector?
        public var secretKeyRef: KeySelector?
        public var fieldRef: FieldSelector?
    }

    /// `fieldRef`: `metadata.name`, `metadata.uid`,
    /// `metadata.labels['KEY']`, `metadata.annotations['KEY']`.
    public struct FieldSelector: Codable, Sendable {
        public var fieldPath: String
    }

    /// `configMapKeyRef` / `secretKeyRef`: one key of a named object.
    public struct KeySelector: Codable, Sendable {
        public var name: String
        public var key: String
        public var optional: Bool?
    }
}
