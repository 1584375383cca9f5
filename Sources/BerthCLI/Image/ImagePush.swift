import Engine
import ArgumentParser

/// `berth push IMAGE [DESTINATION]` / `berth image push`.
struct ImagePush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        _superCommandName: "berth",
        abstract: "Push an image to a specified destination",
        usage: "berth push [options] IMAGE [DESTINATION]"
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @OptionGroup(title: "Registry options") var registry: RegistryFlags
    @Option(help: "Credentials (USERNAME:PASSWORD) to use for authenticating to a registry") var creds: String?
    @Option(help: "Write the digest of the pushed image to the specified file") var digestfile: String?
    @Option(help: "Number of times to retry in case of failure when performing push") var retry: Int = 3
    @Option(name: .customLong("retry-delay"), help: "Delay between retries in case of push failures") var retryDelay: String?
    @Flag(name: [.short, .long], help: "Suppress output information when pushing images") var quiet = false
    @Option(name: .customLong("compression-format"), help: "Compression format to use for the layers pushed to a registry (gzip, zstd)") var compressionFormat: String?
    @Flag(name: .customLong("remove-signatures"), help: "Discard any pre-existing signatures in the image (always the case: berth neither stores nor pushes signatures)") var removeSignatures = false
    @Argument(help: "Image to push") var image: String
    @Argument(help: "Destination (docker://REGISTRY/NAME:TAG, docker-archive:PATH[:NAME], oci-archive:PATH[:NAME], oci:DIR[:NAME]; default: the image's name)") var destination: String?

    func validate() throws {
        if retry < 0 { throw ValidationError("--retry must be 0 or more") }
    }

    func run() throws {
        var options = PushOptions()
        options.registry = try registry.options(creds: creds, retry: retry, retryDelay: retryDelay)
        options.digestFile = digestfile
        options.compression = try compressionFormat.map(LayerCompression.init(parsing:))
        (options.report, options.progress) = TransferOutput.sinks(quiet: quiet)
        try ImagePusher(store: global.openStore(), options: options).push(image, to: destination)
    }
}
