import Foundation

/// `kind: Secret`: stored in berth's secret store under its name (the
/// YAML as the secret's data), as Podman stores it.
public struct KubeSecret: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: KubeObjectMeta
    /// Base64 values.
    public var data: [String: String]?
    public var stringData: [String: String]?
    public var type: String?
    public var immutable: Bool?
}
