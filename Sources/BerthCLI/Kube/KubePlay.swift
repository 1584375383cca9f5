import Engine
import ArgumentParser
import Foundation
import Synchronization

/// `berth kube play FILE|-...`.
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

    func validate() throws {
        if files.isEmpty { throw ValidationError("kube play requires at least 1 argument: the YAML file") }
        if (serviceContainer || wait) && !start { throw ValidationError("--service-container does not work with --start=stop") }
        if let exitCodePropagation, exitCodePropagation != "none" {
            throw ValidationError("--service-exit-code-propagation=\(exitCodePropagation) is not supported yet: the service container exits 0 (none)")
        }
    }

    func run() throws {
        let yaml = try KubeCommand.readYAML(files)
        let store = try global.openStore()
        // The store behind the player is safe across threads (GRDB's pool
        // and file locks); with --wait a cleanup may use it from another.
        nonisolated(unsafe) let player = KubePlayer(store: store, runtime: global.runtime)
        if down {
            KubeCommand.printDown(try player.down(yaml, force: false))
            return
        }
        var options = KubePlayOptions()
        options.replace = replace
        options.start = start
        options.networks = network
        options.publish = publish
        options.configMapFiles = configmap
        options.logDriver = try logDriver.map(LogDriver.init(parsing:))
        for option in logOpt {
            let kv = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[1].isEmpty else { throw EngineError.invalid("invalid log option \(option.debugDescription)") }
            options.logOptions[kv[0]] = kv[1]
        }
        options.userNamespace = try UserNamespaceConfig.from(userns: userns, uidmap: [], gidmap: [], subuidname: nil, subgidname: nil)
        for item in annotation {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard kv.count == 2 else { throw EngineError.invalid("annotation \(item.debugDescription) must include an '=' sign") }
            options.annotations[kv[0]] = kv[1]
        }
        options.serviceContainer = serviceContainer || wait
        options.exitCodePropagation = try exitCodePropagation.map(KubeExitCodePropagation.init(parsing:)) ?? .none
        options.systemdUnit = ProcessInfo.processInfo.environment["PODMAN_SYSTEMD_UNIT"]
        options.createCommand = CommandLine.arguments

        // With --wait, SIGINT/SIGTERM clean up from the moment play begins:
        // the sources exist before any pod does, and their handlers run on
        // the main queue, so a signal that comes while the pods are made is
        // handled once they are (dispatchMain below), never lost.
        let cleaning = Claim()
        @Sendable func cleanUp(_ banner: String) {
            guard cleaning.take() else { return }
            print(banner)
            do { KubeCommand.printDown(try player.down(yaml, force: true)) } catch {
                FileHandle.standardError.write(Data("Error: error during cleanup: \(error)\n".utf8))
                Foundation.exit(125)
            }
            Foundation.exit(0)
        }
        let signals = !wait ? [] : [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { cleanUp("\nCleaning up containers, pods, and volumes...") }
            source.resume()
            return source
        }
        if wait { print("Use ctrl+c to clean up or wait for pods to exit") }
        let report = try player.play(yaml, options: options)
        if let teardown = report.teardown { KubeCommand.printDown(teardown) }
        for warning in report.warnings { EngineLog.warn(warning) }
        if !report.volumes.isEmpty { print("Volumes:"); report.volumes.forEach { print($0) } }
        if !report.secrets.isEmpty { print("Secrets:"); report.secrets.forEach { print($0) } }
        for pod in report.pods {
            print("Pod:")
            print(pod.id)
            if pod.containers.isEmpty { continue }
            print(pod.containers.count == 1 ? "Container:" : "Containers:")
            pod.containers.forEach { print($0) }
            print()
        }
        if wait, let service = report.serviceContainerID {
            // One cleanup: on SIGINT/SIGTERM, or once the pods have exited.
            DispatchQueue.global().async {
                do { try player.waitForService(service) } catch {
                    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
                    Foundation.exit(125)
                }
                DispatchQueue.main.async { cleanUp("Cleaning up containers, pods, and volumes...") }
            }
            withExtendedLifetime(signals) { dispatchMain() }
        }
    }

    /// Taken once: the first of the signal and the pods' exit cleans up.
    private final class Claim: Sendable {
        private let taken = Mutex(false)

        func take() -> Bool { taken.withLock { was in defer { was = true }; return !was } }
    }
}
