import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth start`: starts created or exited containers.
struct ContainerStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", _superCommandName: "berth", abstract: "Start one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Attach container's STDOUT and STDERR") var attach = false
    @Flag(name: [.short, .long], help: "Keep STDIN open even if not attached") var interactive = false
    @Flag(name: .long, help: "Start all containers regardless of their state or configuration") var all = false
    @OptionGroup var attachOptions: AttachOptions
    @Option(name: [.short, .long], help: "Filter output based on conditions given (with --all)") var filter: [String] = []
    @Argument(help: "Containers") var containers: [String] = []

    func validate() throws {
        if attach && containers.count > 1 { throw ValidationError("you cannot start and attach multiple containers at once") }
        if containers.isEmpty && !all && filter.isEmpty { throw ValidationError("start requires at least one argument") }
    }

    func run() throws {
        let controls = try attachOptions.controls()
        if attachOptions.sigProxy == true && !attach { throw EngineError.invalid("you cannot use sig-proxy without --attach: invalid argument") }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        if !filter.isEmpty && !containers.isEmpty { throw EngineError.invalid("--filter takes no container names: use it with --all") }
        let filters = try ContainerFilter(filter, health: ContainerHealthChecker(manager: manager))
        let names = all || !filter.isEmpty ? try manager.loadAll().filter { !$0.isRunning && filters.matches($0) }.map(\.id) : containers
        if attach, let name = names.first {
            ContainerAttachSession.becomeSubreaper()
            let started = try manager.start(name, attach: true)
            try ContainerNotify.afterStart(started.container, manager: manager)
            switch try ContainerAttachSession.foreground(started, manager: manager, interactive: interactive, controls: controls) {
            case .exited(let code): throw ExitCode(code)
            case .detached: return
            }
        }
        var failure: Error?
        for name in names {
            do {
                let started = try manager.start(name)
                try ContainerNotify.afterStart(started.container, manager: manager)
                print(name)
            } catch {
                if let f = failure { reportContainerError(f) }
                failure = error
            }
        }
        if let failure { throw failure }
    }
}

/// Prints an error for one of several containers and carries on.
func reportContainerError(_ error: Error) {
    if let e = error as? EngineError { printError(e.message) } else { printError("\(error)") }
}

/// Names from the arguments, `--all`, and `--cidfile` files.
func containerNames(_ names: [String], all: Bool, cidfiles: [String], manager: ContainerManager, runningOnly: Bool = false) throws -> [String] {
    if all { return try manager.loadAll().filter { !runningOnly || $0.isRunning }.map(\.id) }
    var result = names
    for file in cidfiles {
        guard let data = try? FileSystem.readFile(file) else {
            throw EngineError(.notFound, "reading CIDFile: open \(file): no such file or directory")
        }
        result.append(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return result
}
