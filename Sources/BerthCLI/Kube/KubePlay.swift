import Engine
import ArgumentParser

/// `berth kube play`.
struct KubePlay: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "play", abstract: "Play a pod or volume based on Kubernetes YAML")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(help: "Delete and recreate pods defined in the YAML file") var replace = false
    @Flag(help: "Stop pods defined in the YAML file") var down = false
    @Option(name: .customLong("service-container"), help: "Starts a service container before all pods") var serviceContainer: Bool = false
    @Option(name: .customLong("service-exit-code-propagation"), help: "Exit-code propagation of the service container (all, any, none)") var exitCodePropagation: String?
    @Option(help: "Paths of YAML files with ConfigMaps") var configmap: [String] = []
    @Option(help: "Connect pods to networks") var network: [String] = []
    @Option(help: "Publish a container's port, or a range of ports, to the host") var publish: [String] = []
    @Option(name: .customLong("log-driver"), help: "Logging driver for the container") var logDriver: String?
    @Option(name: .customLong("log-opt"), help: "Logging driver options") var logOpt: [String] = []
    @Option(help: "User namespace to use") var userns: String?
    @Option(help: "Add annotations to pods (key=value)") var annotation: [String] = []
    @Option(help: "Start the pod after creating it") var start: Bool = true
    @Flag(help: "Clean up all objects created when a SIGTERM is received or pods exit") var wait = false
    @Argument(help: "YAML file (- for stdin)") var files: [String] = []

    func run() throws { throw KubeCommand.notYet("play") }
}
