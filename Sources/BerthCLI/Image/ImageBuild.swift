import Engine
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `berth build` / `berth image build`: Podman's flags (the generator
/// writes them for `.build` units); the build itself is `ImageBuilder`.
struct ImageBuild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build an image using instructions from Containerfiles",
                                                    usage: "berth build [options] [CONTEXT]")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @OptionGroup(title: "Registry options") var registry: RegistryFlags
    @Option(name: [.short, .long], help: "Name and optionally a tag for the image") var tag: [String] = []
    @Option(name: [.short, .long], help: "Pathname or URL of a Containerfile") var file: [String] = []
    @Option(help: "Add an image annotation") var annotation: [String] = []
    @Option(help: "Set the ARCH of the image to the provided value instead of the architecture of the host") var arch: String?
    @Option(help: "Set the OS of the image") var os: String?
    @Option(help: "Set the variant of the image") var variant: String?
    @Option(help: "Set the OS/ARCH[/VARIANT] of the image") var platform: String?
    @Option(name: .customLong("build-arg"), help: "Argument=value for the build") var buildArg: [String] = []
    @Option(name: .customLong("build-arg-file"), help: "File with build arguments") var buildArgFile: [String] = []
    @Option(help: "Set custom DNS servers") var dns: [String] = []
    @Option(name: .customLong("dns-option"), help: "Set custom DNS options") var dnsOption: [String] = []
    @Option(name: .customLong("dns-search"), help: "Set custom DNS search domains") var dnsSearch: [String] = []
    @Option(name: [.short, .long], help: "Environment variable for the image") var env: [String] = []
    @Option(name: .customLong("force-rm"), help: "Always remove intermediate containers after a build (berth always does: a failed step's container is never kept)") var forceRm: Bool = true
    @Option(name: .customLong("format"), help: "Format of the built image's manifest and metadata (oci or docker)") var format: String?
    @Option(name: .customLong("group-add"), help: "Additional groups for RUN") var groupAdd: [String] = []
    @Option(name: .customLong("ignorefile"), help: "Path to an alternate .containerignore file") var ignoreFile: String?
    @Option(help: "Write the image ID to the file") var iidfile: String?
    @Option(help: "Set metadata for an image") var label: [String] = []
    @Option(help: "Cache intermediate images during the build process") var layers: Bool = true
    @Option(help: "Sets the networking mode for RUN (host, none, ns:PATH)") var network: String?
    @Option(help: "Pull image policy (always, missing, never, newer)") var pull: String?
    @Option(help: "Number of times to retry pulling") var retry: Int = 3
    @Option(name: .customLong("retry-delay"), help: "Delay between retries") var retryDelay: String?
    @Option(help: "Secret file to expose to the build (id=ID,src=PATH)") var secret: [String] = []
    @Option(help: "Set the target build stage to build") var target: String?
    @Option(name: [.short, .long], help: "Bind mount a volume into RUN containers") var volume: [String] = []
    @Flag(name: [.short, .long], help: "Refrain from announcing build instructions and image read/write progress") var quiet = false
    @Flag(name: .customLong("no-cache"), help: "Do not use existing cached images for the container build") var noCache = false
    @Flag(help: "Squash newly built layers into a single new layer") var squash = false
    @Argument(help: "Context directory") var context: [String] = []

    func validate() throws {
        if context.count > 1 { throw ValidationError("accepts at most 1 arg(s), received \(context.count)") }
        if let format, format != "oci", format != "docker" {
            throw ValidationError("unrecognized image type \(format.debugDescription)")
        }
    }

    func run() throws {
        // No context: the first Containerfile's directory, as Podman's.
        let firstFile = file.first { $0 != "-" }.map { ($0 as NSString).deletingLastPathComponent }
        let contextPath = context.first ?? firstFile.map { $0.isEmpty ? "." : $0 } ?? "."
        if contextPath.hasPrefix("http://") || contextPath.hasPrefix("https://") || contextPath.hasPrefix("git://") {
            throw EngineError.invalid("a build context URL (\(contextPath)) is not supported yet: clone or download it and pass the directory")
        }
        guard let absolute = realpath(contextPath, nil) else {
            throw EngineError.notFound("stat \(contextPath): no such file or directory")
        }
        var options = BuildOptions(context: String(cString: absolute))
        free(absolute)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.context, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EngineError.invalid("context \(contextPath) is not a directory")
        }
        options.files = file
        options.tags = tag
        for path in buildArgFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EngineError.notFound("reading build args from \(path): no such file or directory")
            }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                options.buildArgs.merge(try Self.assignment(trimmed, environment: true)) { _, new in new }
            }
        }
        for arg in buildArg { options.buildArgs.merge(try Self.assignment(arg, environment: true)) { _, new in new } }
        options.target = target
        if let pull { options.pull = try PullPolicy(parsing: pull) }
        var pullOptions = PullOptions()
        if !quiet { pullOptions.report = { FileHandleOutput.standardError($0) } }
        pullOptions.registry = try registry.options(retry: retry, retryDelay: retryDelay)
        options.pullOptions = pullOptions
        options.noCache = noCache
        options.layers = layers
        options.squash = squash
        options.format = format.flatMap(BuildOptions.ImageFormat.init(rawValue:)) ?? (ProcessInfo.processInfo.environment["BUILDAH_FORMAT"] == "docker" ? .docker : .oci)
        for value in label { options.labels.merge(try Self.assignment(value, environment: false)) { _, new in new } }
        for value in annotation { options.annotations.merge(try Self.assignment(value, environment: false)) { _, new in new } }
        options.env = env.map { $0.contains("=") ? $0 : $0 + "=" + (ProcessInfo.processInfo.environment[$0] ?? "") }
        options.iidFile = iidfile
        options.quiet = quiet
        options.network = network
        for value in secret {
            let (id, source) = try BuildOptions.parseSecret(value)
            options.secrets[id] = source
        }
        options.volumes = volume
        options.ignoreFile = ignoreFile
        options.runtime = global.runtime
        options.dnsServers = dns
        options.dnsSearch = dnsSearch
        options.dnsOptions = dnsOption
        options.groupAdd = groupAdd
        options.platform = try Platform(platform: platform, os: os, arch: arch, variant: variant)

        let store = try global.openStore()
        let builder = try ImageBuilder(store: store, options: options,
                                       output: { Self.standardOutput($0) },
                                       warn: { FileHandleOutput.standardError("WARN[0000] " + $0) })
        let id = try builder.build()
        Self.standardOutput(id)
    }

    /// `NAME=VALUE`; a bare `NAME` takes the value from the environment (build args) or is empty.
    static func assignment(_ text: String, environment: Bool) throws -> [String: String] {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard !parts[0].isEmpty else { throw EngineError.invalid("invalid assignment \(text.debugDescription): the name is empty") }
        if parts.count == 2 { return [parts[0]: parts[1]] }
        if environment {
            guard let value = ProcessInfo.processInfo.environment[parts[0]] else { return [:] }
            return [parts[0]: value]
        }
        return [parts[0]: ""]
    }

    /// Unbuffered, so lines and RUN's own output (the runtime writes to
    /// the same descriptor) come out in order.
    static func standardOutput(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
