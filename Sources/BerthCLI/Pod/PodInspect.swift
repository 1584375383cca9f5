import Engine
import ArgumentParser

/// `berth pod inspect`: Podman 4.3's JSON (one object for one pod), or
/// `--format` over it.
struct PodInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Display a pod configuration")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Format the output to a Go template or json") var format: String?
    @Flag(name: [.short, .long], help: ArgumentHelp(visibility: .hidden)) var latest = false
    @Argument(help: "Pods") var pods: [String] = []

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        if latest && !pods.isEmpty { throw EngineError.invalid("--latest and pods cannot be used together") }
        let names = try PodCommand.targets(pods, all: false, latest: latest, podIDFiles: [], manager: manager)
        let reports = try names.map { PodInspectReport(try manager.load($0)) }
        switch OutputFormat(format) {
        case .template(let source): try OutputFormat.printEach(source, objects: reports)
        case .json, .standard:
            if reports.count == 1 { try OutputFormat.printJSON(reports[0]) } else { try OutputFormat.printJSON(reports) }
        }
    }
}
