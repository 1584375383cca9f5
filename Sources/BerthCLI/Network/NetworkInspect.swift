import Engine
import GoTemplate
import ArgumentParser

/// `berth network inspect`: Podman's JSON (netavark's config format).
struct NetworkInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", _superCommandName: "berth", abstract: "Displays the raw CNI network configuration for one or more networks")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Pretty-print network to JSON or using a Go template") var format: String?
    @Argument(help: "Networks") var names: [String]

    func run() throws {
        let networks = NetworkStore(store: try global.openStore())
        var configs: [NetworkConfig] = []
        var missing: EngineError?
        for name in names {
            do { configs.append(try networks.load(name)) } catch let e as EngineError where e.kind == .notFound {
                missing = EngineError(.notFound, "inspecting object: network \(name): " + e.message)
            }
        }
        switch OutputFormat(format) {
        case .standard, .json: try OutputFormat.printJSON(configs)
        case .template(let source): try OutputFormat.printEach(source, objects: configs.map { NetworkTemplateView($0, shortID: false) })
        }
        if let missing { throw missing }
    }
}
