import ArgumentParser

/// The flags every verb that talks to a registry shares (Podman's names).
struct RegistryFlags: ParsableArguments {
    @Option(name: .customLong("tls-verify"), help: "Require HTTPS and verify certificates when contacting registries (default: true)")
    var tlsVerify: Bool?
    @Option(name: .customLong("cert-dir"), help: "Use certificates at the specified path to access the registry")
    var certDir: String?
    @Option(help: "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override")
    var authfile: String?

    func options(creds: String? = nil, retry: Int = 3, retryDelay: String? = nil) throws -> RegistryOptions {
        var options = RegistryOptions()
        options.tls = TLSOptions(verify: tlsVerify, certDirectory: certDir)
        options.authFile = authfile
        options.credentials = try creds.map(RegistryCredentials.init(parsing:))
        options.retries = retry
        if let retryDelay { options.retryDelay = try RegistryFlags.seconds(retryDelay) }
        return options
    }

    /// A Go duration as Podman takes it for `--retry-delay` (`2s`, `500ms`, `1m`).
    static func seconds(_ text: String) throws -> Double {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value >= 0 { return value * scale }
        }
        throw ValidationError("invalid --retry-delay \(text.debugDescription): use a duration such as 2s or 500ms")
    }
}
