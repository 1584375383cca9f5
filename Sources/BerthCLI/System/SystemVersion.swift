import Engine
import GoTemplate
import ArgumentParser
import Foundation

/// `berth version`: Podman's client block, as text, JSON or a Go template
/// (`{{.Client.Version}}`, or `{{.Version}}` on the client itself, as Podman
/// accepts both).
struct SystemVersion: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", _superCommandName: "berth", abstract: "Display the Podman version information")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Change the output format to JSON or a Go template") var format: String?

    private struct Versions: Encodable {
        var Client: SystemVersionReport
    }

    func run() throws {
        let client = SystemVersionReport.current
        switch OutputFormat(format) {
        case .json:
            let data = try JSONCoding.encoder(pretty: false).encode(Versions(Client: client))
            print(String(decoding: data, as: UTF8.self))
        case .template(let source):
            let root = source.contains(".Client") || source.contains(".Server")
                ? try OutputFormat.templateValue(Versions(Client: client)) : try OutputFormat.templateValue(client)
            try OutputFormat.printValue(source, value: root)
        case .standard:
            OutputFormat.printTable(header: nil, rows: [
                ["Client:", "Berth Engine"],
                ["Version:", client.Version],
                ["API Version:", client.APIVersion],
                ["Go Version:", client.GoVersion],
                ["Built:", client.BuiltTime],
                ["OS/Arch:", client.OsArch],
            ])
        }
    }
}
