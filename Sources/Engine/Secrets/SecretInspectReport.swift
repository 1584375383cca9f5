/// `secret inspect` output, Podman's shape; `SecretData` only with `--showsecret`.
public struct SecretInspectReport: Encodable, Sendable {
    public var ID: String
    public var CreatedAt: String
    public var UpdatedAt: String
    public var Spec: SpecReport
    public var SecretData: String?

    public struct SpecReport: Encodable, Sendable {
        public var Name: String
        public var Driver: DriverReport
        public var Labels: [String: String]
    }

    public struct DriverReport: Encodable, Sendable {
        public var Name: String
        public var Options: [String: String]
    }

    enum CodingKeys: String, CodingKey { case ID, CreatedAt, UpdatedAt, Spec, SecretData }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ID, forKey: .ID)
        try c.encode(CreatedAt, forKey: .CreatedAt)
        try c.encode(UpdatedAt, forKey: .UpdatedAt)
        try c.encode(Spec, forKey: .Spec)
        try c.encodeIfPresent(SecretData, forKey: .SecretData)
    }
}
