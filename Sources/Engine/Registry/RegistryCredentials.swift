import Foundation

/// A user name and password for a registry.
public struct RegistryCredentials: Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// `--creds USER[:PASSWORD]`.
    public init(parsing creds: String) throws {
        guard !creds.isEmpty else { throw EngineError.invalid("credentials cannot be empty") }
        let parts = creds.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts[0].isEmpty else { throw EngineError.invalid("username cannot be empty in --creds \(creds.debugDescription)") }
        self.init(username: String(parts[0]), password: parts.count > 1 ? String(parts[1]) : "")
    }

    /// The `auth` value of auth.json: base64 of `user:password`.
    var encoded: String { Data((username + ":" + password).utf8).base64EncodedString() }

    init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        self.init(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }

    var basicAuthorization: String { "Authorization: Basic " + encoded }
}
