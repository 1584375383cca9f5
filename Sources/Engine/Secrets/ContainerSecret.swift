/// One `--secret` of a container (Quadlet's `Secret=`), as stored in its
/// configuration: which secret, and how the container sees it. Values are
/// never stored here; a start reads them (SecretStep).
public struct ContainerSecret: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A read-only file, `/run/secrets/NAME` unless `target` says otherwise.
        case mount
        /// An environment variable, `NAME` unless `target` says otherwise.
        case env
    }

    public enum Source: String, Codable, Sendable {
        /// A secret made with `berth secret create`.
        case store
        /// A credential systemd loaded for the unit (`LoadCredential=`,
        /// `LoadCredentialEncrypted=`, `SetCredentialEncrypted=`...), read from
        /// `$CREDENTIALS_DIRECTORY/NAME` at each start and never stored by berth.
        case systemdCredential = "systemd-credential"
    }

    /// The prefix that names a systemd credential: `systemd-credential:NAME`.
    public static let credentialPrefix = "systemd-credential:"

    public var name: String
    public var source: Source
    /// The store secret's ID, resolved at create (nil for a credential).
    public var id: String?
    public var kind: Kind
    /// mount: the absolute path in the container; env: the variable's name.
    public var target: String
    public var uid: UInt32
    public var gid: UInt32
    public var mode: UInt32

    /// Parses `NAME[,type=mount|env][,target=T][,uid=U][,gid=G][,mode=M]`
    /// (Podman's syntax; `systemd-credential:NAME` for a credential).
    public static func parse(_ value: String) throws -> ContainerSecret {
        let parts = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var name = parts[0]
        var source = Source.store
        if name.hasPrefix(credentialPrefix) {
            name = String(name.dropFirst(credentialPrefix.count))
            source = .systemdCredential
            try validateCredentialName(name)
        } else if name.isEmpty || name.contains("=") {
            throw EngineError.invalid("\(value.debugDescription): a secret's name comes first: parsing secret")
        }
        var kind = Kind.mount
        var target: String?
        var uid: UInt32?, gid: UInt32?, mode: UInt32?
        for option in parts.dropFirst() {
            let kv = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw EngineError.invalid("option \(option) invalid: parsing secret") }
            switch kv[0] {
            case "type":
                guard let k = Kind(rawValue: kv[1]) else { throw EngineError.invalid("type \(kv[1]) is invalid: parsing secret") }
                kind = k
            case "target":
                target = kv[1]
            case "uid":
                guard let v = UInt32(kv[1]) else { throw EngineError.invalid("UID \(kv[1]) invalid: parsing secret") }
                uid = v
            case "gid":
                guard let v = UInt32(kv[1]) else { throw EngineError.invalid("GID \(kv[1]) invalid: parsing secret") }
                gid = v
            case "mode":
                guard let v = UInt32(kv[1], radix: 8), v <= 0o7777 else { throw EngineError.invalid("mode \(kv[1]) invalid: parsing secret") }
                mode = v
            default:
                throw EngineError.invalid("option \(option) invalid: parsing secret")
            }
        }
        switch kind {
        case .env:
            if uid != nil || gid != nil || mode != nil {
                throw EngineError.invalid("UID, GID, Mode options cannot be set with secret type env: parsing secret")
            }
            let variable = target ?? name
            guard !variable.isEmpty, !variable.contains("="), !variable.contains("\0") else {
                throw EngineError.invalid("target \(variable.debugDescription) is not an environment variable name: parsing secret")
            }
            return ContainerSecret(name: name, source: source, kind: .env, target: variable, uid: 0, gid: 0, mode: 0)
        case .mount:
            var path = target ?? name
            if !path.hasPrefix("/") { path = "/run/secrets/" + path }
            let components = path.split(separator: "/")
            guard !components.isEmpty, !components.contains(".."), !path.contains("\0") else {
                throw EngineError.invalid("target \(path.debugDescription) must be a path inside the container without \"..\": parsing secret")
            }
            return ContainerSecret(name: name, source: source, kind: .mount, target: "/" + components.joined(separator: "/"),
                                   uid: uid ?? 0, gid: gid ?? 0, mode: mode ?? 0o444)
        }
    }

    /// systemd's rule for credential names: a file name (no `/`, not `.`
    /// or `..`), at most 255 bytes.
    static func validateCredentialName(_ name: String) throws {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0"), name.utf8.count <= 255 else {
            throw EngineError.invalid("\((credentialPrefix + name).debugDescription): invalid systemd credential name (a file name, as in LoadCredential=NAME)")
        }
    }
}
