import Engine
import ArgumentParser

/// `berth pod rm`: the pod and its containers (running ones only with -f).
struct PodRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more pods", aliases: ["remove"])

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Remove all pods") var all = false
    @Flag(name: [.short, .long], help: "Force removal of a running pod by first stopping all containers") var force = false
    @Flag(name: [.short, .long], help: "Ignore errors when a specified pod is missing") var ignore = false
    @Option(name: [.short, .long], help: "Seconds to wait for pod stop before killing the container") var time: Int?
    @Option(name: .customLong("pod-id-file"), help: "Read the pod ID from the file") var podIDFile: [String] = []
    @Argument(help: "Pods") var pods: [String] = []

    func run() throws {
        let manager = try global.openStore().podManager(runtime: global.runtime)
        let targets: [String]
        do { targets = try PodCommand.targets(pods, all: all, podIDFiles: podIDFile, manager: manager) } catch let e as EngineError where e.kind == .notFound && ignore { return }
        if all && targets.isEmpty { return }
        try PodCommand.each(targets, ignore: ignore) { target in
            let id = try manager.lookup(target).id
            try manager.remove(id, force: force, timeout: time)
            return id
        }
    }
}
