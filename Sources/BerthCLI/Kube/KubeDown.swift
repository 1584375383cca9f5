import Engine
import ArgumentParser

/// `berth kube down FILE|-...`.
struct KubeDown: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Remove pods based on Kubernetes YAML")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(help: "Remove volumes") var force = false
    @Argument(help: "YAML file (- for stdin)") var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("kube down requires at least 1 argument: the YAML file") }
    }

    func run() throws {
        let yaml = try KubeCommand.readYAML(files)
        let report = try KubePlayer(store: try global.openStore(), runtime: global.runtime).down(yaml, force: force)
        KubeCommand.printDown(report)
    }
}
