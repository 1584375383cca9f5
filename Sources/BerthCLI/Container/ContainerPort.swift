import Engine
import GoTemplate
import ArgumentParser

/// `berth port`: a container's published ports (`80/tcp -> 0.0.0.0:8080`),
/// or the host address of one (`berth port web 80`).
struct ContainerPort: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "port", abstract: "List port mappings or a specific mapping for the container")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Display port information for all containers") var all = false
    @Flag(name: [.short, .long], help: "Act on the latest container") var latest = false
    @Argument(help: "CONTAINER [PORT]") var arguments: [String] = []

    func validate() throws {
        if all && arguments.count > 1 { throw ValidationError("no arguments are needed with --all beyond a port") }
        if !all && !latest && arguments.isEmpty { throw ValidationError("you must supply a running container name or id") }
    }

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var containers: [Container]
        var selector: String?
        if all {
            containers = try manager.loadAll()
            selector = arguments.first
        } else if latest {
            containers = try manager.loadAll().suffix(1).map { $0 }
            selector = arguments.first
        } else {
            containers = [try manager.load(arguments[0])]
            selector = arguments.count > 1 ? arguments[1] : nil
        }
        for c in containers where c.isRunning {
            let ports = PublishedPort.of(c)
            if let selector {
                let found = ports.filter { $0.matches(selector) }
                if found.isEmpty && !all { throw EngineError.invalid("failed to find published port \(selector.debugDescription)") }
                for port in found { print(all ? "\(c.shortID)\t\(port.hostAddress)" : port.hostAddress) }
            } else {
                if all && !ports.isEmpty { print(c.shortID) }
                for port in ports { print(port.line) }
            }
        }
    }
}
