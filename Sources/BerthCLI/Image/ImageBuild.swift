import Engine
import ArgumentParser

/// `berth build` / `berth image build`: parsed with Podman's flags (the
/// generator writes them for `.build` units); building arrives with its own
/// issue, so it refuses clearly until then.
struct ImageBuild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build an image using instructions from Containerfiles")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Name and optionally a tag for the image") var tag: [String] = []
    @Option(name: [.short, .long], help: "Pathname or URL of a Containerfile") var file: [String] = []
    @Option(help: "Add an image annotation") var annotation: [String] = []
    @Option(help: "Set the ARCH of the image to the provided value instead of the architecture of the host") var arch: String?
    @Option(help: "Set the OS of the image") var os: String?
    @Option(help: "Set the variant of the image") var variant: String?
    @Option(help: "Path of the authentication file") var authfile: String?
    @Option(name: .customLong("build-arg"), help: "Argument=value for the build") var buildArg: [String] = []
    @Option(name: .customLong("build-arg-file"), help: "File with build arguments") var buildArgFile: [String] = []
    @Option(help: "Set custom DNS servers") var dns: [String] = []
    @Option(name: .customLong("dns-option"), help: "Set custom DNS options") var dnsOption: [String] = []
    @Option(name: .customLong("dns-search"), help: "Set custom DNS search domains") var dnsSearch: [String] = []
    @Option(name: [.short, .long], help: "Environment variable for the build") var env: [String] = []
    @Option(name: .customLong("force-rm"), help: "Always remove intermediate containers after a build") var forceRm: Bool = true
    @Option(name: .customLong("group-add"), help: "Additional groups for RUN") var groupAdd: [String] = []
    @Option(name: .customLong("ignorefile"), help: "Path to an alternate .containerignore file") var ignoreFile: String?
    @Option(help: "Set metadata for an image") var label: [String] = []
    @Option(help: "Sets the networking mode for RUN") var network: String?
    @Option(help: "Pull image policy (always, missing, never, newer)") var pull: String?
    @Option(help: "Number of times to retry pulling") var retry: Int?
    @Option(name: .customLong("retry-delay"), help: "Delay between retries") var retryDelay: String?
    @Option(help: "Secret file to expose to the build") var secret: [String] = []
    @Option(help: "Set the target build stage to build") var target: String?
    @Option(name: .customLong("tls-verify"), help: "Require HTTPS and verify certificates when accessing the registry") var tlsVerify: Bool = true
    @Option(name: [.short, .long], help: "Bind mount a volume into RUN containers") var volume: [String] = []
    @Flag(name: [.short, .long], help: "Refrain from announcing build instructions and image read/write progress") var quiet = false
    @Flag(name: .customLong("no-cache"), help: "Do not use existing cached images for the container build") var noCache = false
    @Argument(help: "Context directory or URL") var context: [String] = []

    func run() throws {
        throw EngineError.invalid("build is not supported yet: building images from a Containerfile arrives with its own issue")
    }
}
