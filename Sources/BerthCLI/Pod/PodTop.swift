import Engine
import ArgumentParser

/// `berth pod top`: the processes of the pod's running containers.
struct PodTop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Display the running processes of containers in a pod")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Argument(help: "POD [FORMAT-DESCRIPTORS]") var arguments: [String] = []

    func run() throws {
        guard let pod = arguments.first else { throw EngineError.invalid("you must provide the name or id of a running pod") }
        let manager = try global.openStore().podManager(runtime: global.runtime)
        print(try manager.top(pod, descriptors: Array(arguments.dropFirst())), terminator: "")
    }
}
