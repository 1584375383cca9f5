import Engine
import ArgumentParser

/// `berth artifact pull`: what a `.artifact` unit's service runs.
struct ArtifactPull: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Pull an OCI artifact")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @OptionGroup(title: "Registry options") var registry: RegistryFlags
    @Option(help: "Credentials (USERNAME:PASSWORD) to use for authenticating to a registry") var creds: String?
    @Option(help: "Number of times to retry in case of failure when performing pull") var retry: Int = 3
    @Option(name: .customLong("retry-delay"), help: "Delay between retries in case of pull failures") var retryDelay: String?
    @Flag(name: [.short, .long], help: "Suppress output information when pulling") var quiet = false
    @Option(name: .customLong("decryption-key"), help: "Key needed to decrypt the artifact (not supported yet: berth does not decrypt)") var decryptionKey: [String] = []
    @Argument(help: "Artifact to pull") var name: String

    func validate() throws {
        if retry < 0 { throw ValidationError("--retry must be 0 or more") }
    }

    func run() throws {
        if !decryptionKey.isEmpty {
            throw EngineError.invalid("--decryption-key is not supported yet: berth does not decrypt encrypted artifacts")
        }
        var options = PullOptions()
        options.registry = try registry.options(creds: creds, retry: retry, retryDelay: retryDelay)
        (options.report, options.progress) = TransferOutput.sinks(quiet: quiet)
        try ArtifactPuller(store: global.openStore(), options: options).pull(name)
    }
}
