import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth export`: the container's file system as a tar archive, to
/// standard output or `-o FILE`.
struct ContainerExport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", _superCommandName: "berth", abstract: "Export a container's filesystem contents as a tar archive")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Write to a specified file (default: stdout, which must be redirected)") var output: String?
    @Argument(help: "Container") var containers: [String] = []

    func run() throws {
        guard containers.count == 1 else { throw EngineError.invalid("accepts 1 arg(s), received \(containers.count)") }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        guard let output, !output.isEmpty else {
            if isatty(1) != 0 { throw EngineError.invalid("refusing to export to terminal. Use -o flag or redirect") }
            try manager.export(containers[0], to: 1)
            return
        }
        let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw EngineError.system("cannot create export file \(output)", errno) }
        defer { close(fd) }
        try manager.export(containers[0], to: fd)
    }
}
