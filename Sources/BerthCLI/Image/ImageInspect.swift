import Engine
import GoTemplate
import ArgumentParser

/// `berth image inspect`.
struct ImageInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", _superCommandName: "berth", abstract: "Display the configuration of an image")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Format the output to JSON or a Go template") var format: String?
    @Argument(help: "Images to inspect") var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("must specify at least one image to inspect") }
    }

    func run() throws {
        let store = try global.openStore()
        var reports: [ImageInspectReport] = []
        var missing: EngineError?
        for name in images {
            do { reports.append(try store.images.inspect(name)) } catch let error as EngineError where error.kind == .notFound {
                missing = EngineError(.notFound, "\(name): image not known")
            }
        }
        try InspectOutput.print(reports, format: format)
        if let missing { throw missing }
    }
}

/// Inspect output: a JSON array by default, or each object through a template.
enum InspectOutput {
    static func print<T: Encodable>(_ reports: [T], format: String?, goType: String? = nil) throws {
        switch OutputFormat(format) {
        case .standard, .json: try OutputFormat.printJSON(reports)
        case .template(let source):
            try OutputFormat.printEach(source, objects: reports, goType: goType)
        }
    }
}
