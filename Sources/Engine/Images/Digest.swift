import Crypto
import Foundation

/// A content digest, `sha256:<64 lowercase hex>`. Anything else (other
/// algorithms, path tricks in a hostile manifest) is refused at parse time.
public struct Digest: Hashable, Sendable, CustomStringConvertible, Codable {
    public let hex: String

    public init(hex: String) throws {
        guard Digest.isHex64(hex) else { throw EngineError.invalid("invalid sha256 digest \(hex.debugDescription)") }
        self.hex = hex
    }

    public init(parsing string: String) throws {
        guard string.hasPrefix("sha256:") else {
            throw EngineError.invalid("unsupported digest \(string.debugDescription)")
        }
        try self.init(hex: String(string.dropFirst(7)))
    }

    public var description: String { "sha256:" + hex }

    public static func of(_ data: Data) -> Digest {
        var hasher = SHA256()
        hasher.update(data: data)
        return Digest(hasher: hasher)
    }

    init(hasher: SHA256) {
        hex = Digest.hexString(hasher.finalize())
    }

    static func hexString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isHex64(_ s: String) -> Bool {
        let u = s.utf8
        return u.count == 64 && u.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    public init(from decoder: Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// The chain id of a layer (OCI image spec): its own diff id for a base
    /// layer, else sha256 of "<parent chain id> <diff id>".
    static func chainID(parent: Digest?, diffID: Digest) -> Digest {
        guard let parent else { return diffID }
        return .of(Data((parent.description + " " + diffID.description).utf8))
    }
}
