import Engine
import ArgumentParser

/// `berth pod start`.
struct PodStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start one or more pods")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Start all pods") var all = false
    @Option(name: .customLong("pod-id-file"), help: "Read the pod ID from the file") var podIDFile: [String] = []
    @Argument(help: "Pods") var pods: [String] = []

    func run() throws { throw PodCommand.notYet("start") }
}
