/// `login`: checks credentials against a registry's `/v2/` and stores them.
public struct RegistryLogin {
    public let options: RegistryOptions

    public init(options: RegistryOptions) { self.options = options }

    /// The auth.json key for what the user typed: the scheme and any
    /// trailing slash go, `docker.io` stays as Podman writes it.
    public static func key(_ server: String) -> String {
        var key = Substring(server)
        for scheme in ["https://", "http://"] where key.hasPrefix(scheme) { key = key.dropFirst(scheme.count) }
        while key.hasSuffix("/") { key = key.dropLast() }
        if key == "index.docker.io" || key == "registry-1.docker.io" { return "docker.io" }
        return String(key)
    }

    /// Verifies `credentials` with the registry `key` names (a host, or
    /// host/namespace), then writes them to `authFile`.
    public func login(_ key: String, credentials: RegistryCredentials, authFile: AuthFile) throws {
        let host = String(key.split(separator: "/", maxSplits: 1)[0])
        var options = self.options
        options.credentials = credentials
        let client = try RegistryClient(registry: host, repository: key, options: options)
        do { try client.ping(transfer: CurlTransfer()) } catch let error as EngineError {
            throw EngineError(error.kind, "logging into \(key.debugDescription): \(error.message)", exitCode: error.exitCode)
        }
        try authFile.store(credentials, for: key)
    }
}
