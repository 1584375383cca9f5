import Engine
import ArgumentParser

/// `berth pod kill`: a signal to every running container of the pod.
struct PodKill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send the specified signal or SIGKILL to containers in pod")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Kill all pods") var all = false
    @Option(name: [.short, .long], help: "Signal to send to the containers in the pod") var signal: String = "KILL"
    @Argument(help: "Pods") var pods: [String] = []

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        let number = try Signals.parse(signal)
        try PodCommand.each(try PodCommand.targets(pods, all: all, podIDFiles: [], manager: manager)) { try manager.kill($0, signal: number).id }
    }
}
