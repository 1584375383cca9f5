import Engine
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth pull` / `berth image pull`.
struct ImagePull: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        _superCommandName: "berth",
        abstract: "Pull an image from a registry",
        usage: "berth pull [options] IMAGE [IMAGE...]"
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @OptionGroup(title: "Registry options") var registry: RegistryFlags
    @Option(help: "Pull image policy (always, missing, never, newer)") var policy: String = "always"
    @Option(help: "Specify the platform for selecting the image (OS/ARCH[/VARIANT])") var platform: String?
    @Option(help: "Use ARCH instead of the architecture of the machine for choosing images") var arch: String?
    @Option(help: "Use OS instead of the running OS for choosing images") var os: String?
    @Option(help: "Use VARIANT instead of the running architecture variant for choosing images") var variant: String?
    @Option(help: "Credentials (USERNAME:PASSWORD) to use for authenticating to a registry") var creds: String?
    @Option(help: "Number of times to retry in case of failure when performing pull") var retry: Int = 3
    @Option(name: .customLong("retry-delay"), help: "Delay between retries in case of pull failures") var retryDelay: String?
    @Flag(name: [.short, .long], help: "Suppress output information when pulling images") var quiet = false
    @Flag(name: [.short, .customLong("all-tags")], help: "All tagged images in the repository will be pulled") var allTags = false
    @Option(name: .customLong("decryption-key"), help: "Key needed to decrypt the image (not supported yet: berth does not decrypt encrypted layers)") var decryptionKey: [String] = []
    @Option(name: .customLong("signature-policy"), help: "Path to a signature-policy file") var signaturePolicy: String?
    @Argument(help: "Image to pull") var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("requires at least 1 arg(s), only received 0") }
        if retry < 0 { throw ValidationError("--retry must be 0 or more") }
        if platform != nil && (arch != nil || os != nil) {
            throw ValidationError("--platform option can not be specified with --arch or --os")
        }
    }

    func run() throws {
        if !decryptionKey.isEmpty {
            throw EngineError.invalid("--decryption-key is not supported yet: berth does not decrypt encrypted layers")
        }
        let store = try global.openStore()
        let options = try pullOptions(policy: PullPolicy(parsing: policy), quiet: quiet)
        let puller = ImagePuller(store: store, options: options)
        for image in images {
            for name in allTags ? try puller.allTags(image) : [image] {
                print(try puller.pull(name))
            }
        }
    }

    func pullOptions(policy: PullPolicy, quiet: Bool) throws -> PullOptions {
        var options = PullOptions()
        options.policy = policy
        options.platform = try Platform(platform: platform, os: os, arch: arch, variant: variant)
        options.registry = try registry.options(creds: creds, retry: retry, retryDelay: retryDelay)
        options.signaturePolicy = signaturePolicy
        (options.report, options.progress) = TransferOutput.sinks(quiet: quiet)
        return options
    }
}
