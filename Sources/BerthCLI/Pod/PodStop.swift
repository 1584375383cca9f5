import Engine
import ArgumentParser

/// `berth pod stop`.
struct PodStop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop one or more pods")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Stop all pods") var all = false
    @Flag(name: [.short, .long], help: "Ignore errors when a specified pod is missing") var ignore = false
    @Option(name: [.short, .long], help: "Seconds to wait for pod stop before killing the container") var time: Int?
    @Option(name: .customLong("pod-id-file"), help: "Read the pod ID from the file") var podIDFile: [String] = []
    @Argument(help: "Pods") var pods: [String] = []

    func run() throws { throw PodCommand.notYet("stop") }
}
