import Engine
import GoTemplate
import ArgumentParser

/// `berth container inspect`.
struct ContainerInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Display the configuration of a container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Format the output to JSON or a Go template") var format: String?
    @Flag(name: [.short, .long], help: "Display total file size") var size = false
    @Flag(name: [.short, .long], help: "Act on the latest container") var latest = false
    @Argument(help: "Containers") var containers: [String] = []

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var names = containers
        if latest, let last = try manager.loadAll().last { names = [last.id] }
        var reports: [ContainerInspectReport] = []
        var missing: EngineError?
        for name in names {
            do { reports.append(try manager.inspect(name, size: size)) } catch let e as EngineError where e.kind == .notFound {
                if let m = missing { printError(m.message) }
                missing = EngineError(.notFound, "no such container \(name)")
            }
        }
        if case .template(let source) = OutputFormat(format) {
            for report in reports { try OutputFormat.printEach(source, objects: [report], goType: ContainerInspectReport.goType) }
        } else {
            try InspectOutput.print(reports, format: format)
        }
        if let missing { throw missing }
    }
}
