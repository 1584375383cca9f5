import Engine
import ArgumentParser

/// `berth kube down`.
struct KubeDown: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Remove pods based on Kubernetes YAML")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(help: "Remove volumes") var force = false
    @Argument(help: "YAML file (- for stdin)") var files: [String] = []

    func run() throws { throw KubeCommand.notYet("down") }
}
