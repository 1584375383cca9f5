import Engine
import ArgumentParser

/// `berth artifact push NAME [DESTINATION]`.
struct ArtifactPush: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Push an OCI artifact to a registry")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @OptionGroup(title: "Registry options") var registry: RegistryFlags
    @Option(help: "Credentials (USERNAME:PASSWORD) to use for authenticating to a registry") var creds: String?
    @Option(help: "Write the digest of the pushed artifact to the specified file") var digestfile: String?
    @Option(help: "Number of times to retry in case of failure when performing push") var retry: Int = 3
    @Option(name: .customLong("retry-delay"), help: "Delay between retries in case of push failures") var retryDelay: String?
    @Flag(name: [.short, .long], help: "Suppress output information when pushing") var quiet = false
    @Argument(help: "Artifact to push") var name: String
    @Argument(help: "Destination (default: the artifact's name)") var destination: String?

    func validate() throws {
        if retry < 0 { throw ValidationError("--retry must be 0 or more") }
    }

    func run() throws {
        var options = PushOptions()
        options.registry = try registry.options(creds: creds, retry: retry, retryDelay: retryDelay)
        (options.report, options.progress) = TransferOutput.sinks(quiet: quiet)
        options.digestFile = digestfile
        try ArtifactPusher(store: global.openStore(), options: options).push(name, to: destination)
    }
}
