/// `kind: PersistentVolumeClaim`: a named volume.
public struct KubePersistentVolumeClaim: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: KubeObjectMeta
    public var spec: Spec?

    public struct Spec: Codable, Sendable {
        public var accessModes: [String]?
        public var resources: Resources?
        public var storageClassName: String?
        public var volumeMode: String?
    }

    public struct Resources: Codable, Sendable {
        public var requests: [String: String]?
    }
}
