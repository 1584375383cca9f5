import Engine
import GoTemplate
import ArgumentParser

/// `berth volume inspect`.
struct VolumeInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Display detailed information on one or more volumes")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Format volume output using JSON or a Go template") var format: String?
    @Flag(name: [.short, .long], help: "Inspect all volumes") var all = false
    @Argument(help: "Volumes") var names: [String] = []

    func run() throws {
        let volumes = try global.openStore().volumes
        var reports: [VolumeInspectReport] = []
        var missing: EngineError?
        if all { reports = try volumes.list().map(volumes.report) }
        for name in names {
            do { reports.append(try volumes.inspect(name)) } catch let e as EngineError { missing = e }
        }
        try InspectOutput.print(reports, format: format)
        if let missing { throw missing }
    }
}
