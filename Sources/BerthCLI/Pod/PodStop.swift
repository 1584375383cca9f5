import Engine
import ArgumentParser

/// `berth pod stop`: the members, then the infra container.
struct PodStop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop one or more pods")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Stop all pods") var all = false
    @Flag(name: [.short, .long], help: "Ignore errors when a specified pod is missing") var ignore = false
    @Option(name: [.short, .long], help: "Seconds to wait for pod stop before killing the container") var time: Int?
    @Option(name: .customLong("pod-id-file"), help: "Read the pod ID from the file") var podIDFile: [String] = []
    @Argument(help: "Pods") var pods: [String] = []

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        let targets: [String]
        do { targets = try PodCommand.targets(pods, all: all, podIDFiles: podIDFile, manager: manager) } catch let e as EngineError where e.kind == .notFound && ignore { return }
        try PodCommand.each(targets, ignore: ignore) { try manager.stop($0, timeout: time).id }
    }
}
