/// `spec.volumes[]`: exactly one source.
public struct KubeVolume: Codable, Sendable {
    public var name: String
    public var hostPath: HostPath?
    public var emptyDir: EmptyDir?
    public var persistentVolumeClaim: Claim?
    public var configMap: ConfigMapSource?
    public var secret: SecretSource?

    public struct HostPath: Codable, Sendable {
        public var path: String
        /// "", `Directory`, `DirectoryOrCreate`, `File`, `FileOrCreate`, `Socket`.
        public var type: String?
    }

    public struct EmptyDir: Codable, Sendable {
        /// `Memory`: a tmpfs.
        public var medium: String?
    }

    public struct Claim: Codable, Sendable {
        public var claimName: String
        public var readOnly: Bool?
    }

    public struct ConfigMapSource: Codable, Sendable {
        public var name: String
        public var items: [KeyToPath]?
        public var defaultMode: Int?
        public var optional: Bool?
    }

    public struct SecretSource: Codable, Sendable {
        public var secretName: String
        public var items: [KeyToPath]?
        public var defaultMode: Int?
        public var optional: Bool?
    }

    public struct KeyToPath: Codable, Sendable {
        public var key: String
        public var path: String
    }
}
