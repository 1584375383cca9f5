import Engine
import ArgumentParser

/// `berth pod start`: the infra container, then the members.
struct PodStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start one or more pods")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Start all pods") var all = false
    @Flag(name: [.short, .long], help: ArgumentHelp(visibility: .hidden)) var latest = false
    @Option(name: .customLong("pod-id-file"), help: "Read the pod ID from the file") var podIDFile: [String] = []
    @Argument(help: "Pods") var pods: [String] = []

    func validate() throws {
        if latest && (all || !pods.isEmpty || !podIDFile.isEmpty) {
            throw ValidationError("--latest cannot be used with --all, --pod-id-file or pod names")
        }
    }

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        try PodCommand.each(try PodCommand.targets(pods, all: all, latest: latest, podIDFiles: podIDFile, manager: manager)) { try manager.start($0).id }
    }
}
