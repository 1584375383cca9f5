import Foundation

/// `kind: ConfigMap`: keys for env and volumes (never stored by itself).
public struct KubeConfigMap: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: KubeObjectMeta
    public var data: [String: String]?
    /// Base64 values.
    public var binaryData: [String: String]?
    public var immutable: Bool?
}
