import Engine
import GoTemplate
import ArgumentParser

/// `berth cp` / `berth container cp`: files out of a container (to a host
/// path or as a tar stream on standard output, `-`) or into one (from a host
/// path or a tar stream on standard input).
struct ContainerCopy: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cp", _superCommandName: "berth", abstract: "Copy files/folders between a container and the local filesystem")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Chown copied files to the primary uid/gid of the destination container") var archive: Bool = true
    @Flag(help: "Allow directories to be overwritten with non-directories and vice versa") var overwrite = false
    /// Podman keeps `--pause` for compatibility and ignores it.
    @Flag(help: ArgumentHelp(visibility: .hidden)) var pause = false
    @Argument(help: "SRC_PATH DEST_PATH (one of them CONTAINER:PATH, `-` for a tar stream)") var paths: [String] = []

    func run() throws {
        guard paths.count == 2 else { throw EngineError.invalid("accepts 2 arg(s), received \(paths.count)") }
        let source = Self.split(paths[0]), destination = Self.split(paths[1])
        guard let container = source.container else {
            guard let target = destination.container else { throw EngineError.invalid("name or ID cannot be empty") }
            let manager = try global.openStore().containerManager(runtime: global.runtime)
            try manager.copyIn(target, path: destination.path, from: source.path, input: 0, chownToContainerUser: archive,
                               overwrite: overwrite)
            return
        }
        if destination.container != nil { throw EngineError.invalid("copying between containers is not supported") }
        if !archive { throw EngineError.invalid("--archive=false is not supported yet: copied files keep their owners") }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        if destination.path == "-" {
            try manager.archive(container, path: source.path, to: 1)
        } else {
            try manager.copyOut(container, path: source.path, to: destination.path)
        }
    }

    /// `CONTAINER:PATH`, or a host path (one with a `/` before any `:`,
    /// `.`-relative, or `-`).
    static func split(_ argument: String) -> (container: String?, path: String) {
        guard let colon = argument.firstIndex(of: ":") else { return (nil, argument) }
        let name = argument[..<colon]
        if name.isEmpty || name.contains("/") || name.hasPrefix(".") { return (nil, argument) }
        return (String(name), String(argument[argument.index(after: colon)...]))
    }
}
