import Engine
import GoTemplate
import ArgumentParser

/// `berth inspect`: any object by name or ID (images and volumes here; the
/// container lifecycle adds containers).
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", _superCommandName: "berth", abstract: "Display the configuration of object denoted by ID")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Format the output to JSON or a Go template") var format: String?
    @Option(name: [.short, .long], help: "Specify inspect-object type (container, image, volume, all)") var type: String = "all"
    @Argument(help: "Objects to inspect") var names: [String]

    func run() throws {
        let store = try global.openStore()
        var images: [ImageInspectReport] = []
        var volumes: [VolumeInspectReport] = []
        var containers: [ContainerInspectReport] = []
        var missing: String?
        for name in names {
            if type == "all" || type == "container", let report = try ifFound({ try store.containerManager(runtime: global.runtime).inspect(name) }) {
                containers.append(report)
            } else if type == "all" || type == "image", let report = try ifFound({ try store.images.inspect(name) }) {
                images.append(report)
            } else if type == "all" || type == "volume", let report = try ifFound({ try store.volumes.inspect(name) }) {
                volumes.append(report)
            } else {
                missing = name
            }
        }
        if !containers.isEmpty { try InspectOutput.print(containers, format: format, goType: ContainerInspectReport.goType) }
        if !images.isEmpty { try InspectOutput.print(images, format: format) }
        if !volumes.isEmpty { try InspectOutput.print(volumes, format: format) }
        if images.isEmpty && volumes.isEmpty && containers.isEmpty && missing == nil { try InspectOutput.print([String](), format: format) }
        if let missing { throw EngineError.notFound("no such object: \"\(missing)\"") }
    }

    /// The object, or nil when there is none of that name; any other
    /// failure (a damaged database, an unreadable record) is reported.
    private func ifFound<T>(_ body: () throws -> T) throws -> T? {
        do {
            return try body()
        } catch let error as EngineError where error.kind == .notFound {
            return nil
        }
    }
}
