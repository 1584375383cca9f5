import Engine
import ArgumentParser

/// `berth push IMAGE [DESTINATION]` / `berth image push`.
struct ImagePush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
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
    @Argument(help: "Image to push") var image: String
    @Argument(help: "Destination (docker://REGISTRY/NAME:TAG; default: the image's name)") var destination: String?

    func validate() throws {
        if retry < 0 { throw ValidationError("--retry must be 0 or more") }
        if let destination, destination.contains(":"), !destination.hasPrefix("docker://"),
           let transport = destination.split(separator: ":").first, ["oci", "oci-archive", "docker-archive", "dir", "containers-storage"].contains(String(transport)) {
            throw ValidationError("destination \(destination.debugDescription): only docker:// registries are supported yet (use berth save for archives)")
        }
    }

    func run() throws {
        var options = PushOptions()
        options.registry = try registry.options(creds: creds, retry: retry, retryDelay: retryDelay)
        options.digestFile = digestfile
        if !quiet { options.report = { FileHandleOutput.standardError($0) } }
        try ImagePusher(store: global.openStore(), options: options).push(image, to: destination)
    }
}
