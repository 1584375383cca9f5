import Engine
import ArgumentParser
import Foundation

/// `berth pod create`: Podman's flags, including those Quadlet writes.
struct PodCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a new empty pod")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Assign a name to the pod") var name: String?
    @Flag(help: "If a pod with the same name exists, replace it") var replace = false
    @Option(name: .customLong("infra-conmon-pidfile"), help: "Path to the file that will receive the PID of the infra container's conmon") var infraConmonPidfile: String?
    @Option(name: .customLong("pod-id-file"), help: "Write the pod ID to the file") var podIDFile: String?
    @Option(name: .customLong("exit-policy"), help: "Behaviour when the last container exits (continue, stop)") var exitPolicy: String = "continue"
    @Option(help: "Create an infra container associated with the pod to share namespaces with") var infra: Bool = true
    @Option(name: .customLong("infra-name"), help: "Name used for the pod's infra container") var infraName: String?
    @Option(name: .customLong("infra-image"), help: "Image to use to override builtin infra container") var infraImage: String?
    @Option(name: .customLong("infra-command"), help: "Command to run on the infra container when the pod is started") var infraCommand: String?
    @Option(help: "Share namespaces between containers in the pod (default ipc,net,uts)") var share: String?
    @Option(help: "Connect the pod's infra container to a network") var network: [String] = []
    @Option(name: [.short, .long], help: "Publish a container's port, or a range of ports, to the host") var publish: [String] = []
    @Option(help: "Set the pod's hostname") var hostname: String?
    @Option(name: [.short, .long], help: "Set metadata on the pod") var label: [String] = []
    @Option(help: "User namespace to use") var userns: String?
    @Option(help: "UID map for the user namespace") var uidmap: [String] = []
    @Option(help: "GID map for the user namespace") var gidmap: [String] = []
    @Option(help: "Specify a static IPv4 address for the pod") var ip: String?
    @Option(help: "Specify a static IPv6 address for the pod") var ip6: String?
    @Option(name: .customLong("mac-address"), help: "Container MAC address (e.g. 92:d0:c6:0a:29:33)") var macAddress: String?
    @Option(name: .customLong("network-alias"), help: "Add network-scoped alias for the pod") var networkAlias: [String] = []
    @Flag(name: .customLong("no-hosts"), help: "Do not create /etc/hosts within the pod's containers") var noHosts = false
    @Option(name: .customLong("add-host"), help: "Add a custom host-to-IP mapping (host:ip)") var addHost: [String] = []
    @Option(help: "Set custom DNS servers") var dns: [String] = []
    @Option(name: .customLong("dns-option"), help: "Set custom DNS options") var dnsOption: [String] = []
    @Option(name: .customLong("dns-search"), help: "Set custom DNS search domains") var dnsSearch: [String] = []
    @Option(name: .customLong("shm-size"), help: "Size of /dev/shm") var shmSize: String?
    @Option(name: [.short, .long], help: "Bind mount a volume into the pod") var volume: [String] = []

    @Argument(help: "The pod's name (as --name)") var podName: String?

    func validate() throws {
        if name != nil && podName != nil && name != podName {
            throw ValidationError("cannot specify a pod name as an argument and with --name")
        }
        if !infra { throw ValidationError("--infra=false is not supported yet: berth's pods always have an infra container") }
    }

    func run() throws {
        var spec = PodSpec()
        spec.name = name ?? podName
        spec.replace = replace
        for assignment in label {
            let kv = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            spec.labels[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        spec.share = try PodNamespace.parse(share)
        spec.exitPolicy = try PodExitPolicy(parsing: exitPolicy)
        spec.infraConmonPidfile = infraConmonPidfile
        spec.infraName = infraName
        spec.infraImage = infraImage
        spec.infraCommand = infraCommand.map { $0.split(separator: " ").map(String.init) }
        spec.networkFlags = ContainerNetworkChoice.Flags(network: network, ip: ip.map { [$0] } ?? [], ip6: ip6.map { [$0] } ?? [],
                                                         macAddress: macAddress, aliases: networkAlias, publish: publish)
        spec.hostname = hostname
        spec.noHosts = noHosts
        spec.addHosts = try addHost.map(ContainerCreateOptions.checkedHostEntry)
        spec.dnsServers = dns
        spec.dnsSearch = dnsSearch
        spec.dnsOptions = dnsOption
        spec.shmSize = try shmSize.map(ByteSize.shmSize)
        spec.mounts = try volume.map(ContainerMountParser.volume)
        spec.userNamespace = try UserNamespaceConfig.from(userns: userns, uidmap: uidmap, gidmap: gidmap, subuidname: nil, subgidname: nil)
        spec.createCommand = CommandLine.arguments
        if let podIDFile, FileSystem.exists(podIDFile) && !replace {
            throw EngineError(.conflict, "pod id file exists. Ensure another pod is not using it or delete \(podIDFile)")
        }
        let id = try global.openStore().podManager(runtime: global.runtime).create(spec)
        if let podIDFile { try FileSystem.writeFileAtomically(podIDFile, Data(id.utf8)) }
        print(id)
    }
}
