import Engine
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
        if let retryDelay { options.retryDelay = try Durations.parse(retryDelay) }
        return options
    }
}
