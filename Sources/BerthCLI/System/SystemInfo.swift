import Engine
import GoTemplate
import ArgumentParser

/// `berth info` (`berth system info`): the host, the store and the build,
/// as YAML, JSON or through a Go template over Podman's field names.
struct SystemInfo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", _superCommandName: "berth", abstract: "Display podman system information")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Change the output format to JSON or a Go template") var format: String?
    /// Podman keeps `--debug` and ignores it: the report is always complete.
    @Flag(name: [.customShort("D"), .long], help: ArgumentHelp(visibility: .hidden)) var debug = false

    func run() throws {
        let report = try global.openStore().systemInfo(runtime: global.runtime)
        switch OutputFormat(format) {
        case .json:
            try OutputFormat.printJSON(report)
        case .template(let source):
            try OutputFormat.printValue(source, value: goFields(try OutputFormat.templateValue(report)))
        case .standard:
            print(YAMLText.render(try OutputFormat.templateValue(report)), terminator: "")
        }
    }

    /// The report with Podman's Go field names (`.Host.OCIRuntime.Name`);
    /// the keys of its maps (`registries`, `graphOptions`) stay as they are.
    private func goFields(_ value: TemplateValue, renaming: Bool = true) -> TemplateValue {
        switch value {
        case .object(let pairs):
            return .object(pairs.map { key, member in
                let name = renaming ? Engine.SystemInfoReport.goFieldName(key) : key
                return (name, goFields(member, renaming: !["registries", "graphOptions"].contains(key)))
            })
        case .array(let items):
            return .array(items.map { goFields($0) })
        default:
            return value
        }
    }
}
