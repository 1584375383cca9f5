import Foundation
import Testing
@testable import Engine

@Suite("Engine: network model (subnets, -p specs, --network values, netavark JSON)")
struct NetworkModelTests {
    @Test("subnets parse, contain and overlap as CIDR says")
    func subnets() throws {
        let a = try #require(IPSubnet("10.87.0.0/16"))
        #expect(a.contains(IPAddress("10.87.255.254")!))
        #expect(!a.contains(IPAddress("10.88.0.1")!))
        #expect(a.overlaps(IPSubnet("10.87.3.0/24")!))
        #expect(!a.overlaps(IPSubnet("10.88.0.0/16")!))
        #expect(IPSubnet("10.87.0.1/16", strict: true) == nil)
        #expect(IPSubnet("300.1.0.0/24") == nil)
        #expect(IPSubnet("fd00::/64")?.last.description == "fd00::ffff:ffff:ffff:ffff")
        #expect(a.last.description == "10.87.255.255")
        #expect(IPAddress("10.0.1.0")!.previous.description == "10.0.0.255")
    }

    struct PublishCase: Sendable, CustomTestStringConvertible {
        var spec: String
        var expected: [PortMapping]
        var testDescription: String { spec }
    }

    @Test("-p specs become netavark port mappings", arguments: [
        PublishCase(spec: "8080:80", expected: [.init(containerPort: 80, hostPort: 8080)]),
        PublishCase(spec: "80", expected: [.init(containerPort: 80, hostPort: 0)]),
        PublishCase(spec: "127.0.0.1::80/udp", expected: [.init(hostIP: "127.0.0.1", containerPort: 80, hostPort: 0, proto: .udp)]),
        PublishCase(spec: "127.0.0.1:9000-9001:80-81/tcp", expected: [.init(hostIP: "127.0.0.1", containerPort: 80, hostPort: 9000, range: 2)]),
        PublishCase(spec: "[::1]:8080:80", expected: [.init(hostIP: "::1", containerPort: 80, hostPort: 8080)]),
        PublishCase(spec: "53:53/tcp,udp", expected: [.init(containerPort: 53, hostPort: 53), .init(containerPort: 53, hostPort: 53, proto: .udp)]),
    ])
    func publish(_ c: PublishCase) throws {
        #expect(try PortMapping.parse(c.spec) == c.expected)
    }

    @Test("bad -p specs name the spec", arguments: ["80/icmp", "1:2:3:4", "9000-9002:80-81", "x:80", "0"])
    func badPublish(_ spec: String) {
        #expect(throws: EngineError.self) { try PortMapping.parse(spec) }
        do { _ = try PortMapping.parse(spec) } catch let e as EngineError { #expect(e.message.contains(spec.debugDescription)) } catch {}
    }

    @Test("--network values, --ip/--mac-address/--network-alias and -P")
    func networkChoice() throws {
        var flags = ContainerNetworkChoice.Flags()
        flags.network = ["bridge"]
        flags.ip = ["10.87.0.9"]
        flags.aliases = ["web"]
        flags.macAddress = "92:D0:C6:0A:29:33"
        flags.publishAll = true
        flags.expose = ["9000/udp"]
        flags.imageExposed = ["80/tcp"]
        flags.publish = ["8080:80"]
        let choice = try ContainerNetworkChoice.resolve(flags)
        #expect(choice.mode == "bridge")
        #expect(choice.networks.map(\.name) == ["podman"])
        #expect(choice.networks[0].staticIPs == ["10.87.0.9"])
        #expect(choice.networks[0].staticMAC == "92:d0:c6:0a:29:33")
        #expect(choice.networks[0].aliases == ["web"])
        #expect(choice.ports == [.init(containerPort: 80, hostPort: 8080), .init(containerPort: 9000, hostPort: 0, proto: .udp)])

        let several = try ContainerNetworkChoice.resolve({ var f = ContainerNetworkChoice.Flags(); f.network = ["a:ip=10.1.0.5,alias=x,interface_name=lan", "b"]; return f }())
        #expect(several.networks.map(\.name) == ["a", "b"])
        #expect(several.networks[0].interfaceName == "lan")
        #expect(several.networks[0].aliases == ["x"])

        var host = ContainerNetworkChoice.Flags()
        host.network = ["host"]
        host.publish = ["80"]
        #expect(throws: EngineError.self) { try ContainerNetworkChoice.resolve(host) }
        var twoWithIP = ContainerNetworkChoice.Flags()
        twoWithIP.network = ["a", "b"]
        twoWithIP.ip = ["10.0.0.2"]
        #expect(throws: EngineError.self) { try ContainerNetworkChoice.resolve(twoWithIP) }
    }

    @Test("no --network: containers.conf's netns and default_network, private/bridge as root, pasta rootless")
    func networkDefaults() throws {
        let dir = EngineTestSupport.tempDir("netdefaults")
        defer { EngineTestSupport.cleanup(dir) }
        func defaults(_ files: [String: String], rootless: Bool = false) throws -> NetworkDefaults {
            var paths: [String] = []
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
                paths.append(dir + "/" + name)
            }
            return try NetworkDefaults.load(files: paths + [dir + "/missing.conf"], rootless: rootless)
        }
        #expect(try defaults(["a.conf": "[containers]\n# netns = \"host\"\n"]) == NetworkDefaults(mode: "bridge"))
        #expect(try defaults(["a.conf": "[containers]\nnetns = \"none\"\n"]).mode == "none")
        #expect(try defaults(["a.conf": "[containers]\nnetns = \"host\"\n", "b.conf": "[containers]\nnetns = \"bridge\"\n[network]\ndefault_network = \"lan\"\n"])
                == NetworkDefaults(mode: "bridge", networkName: "lan"))
        #expect(try defaults([:], rootless: true).mode == "pasta")
        #expect(throws: EngineError.self) { try defaults(["a.conf": "[containers]\nnetns = \"slirp4netns\"\n"]) }

        func resolve(_ network: [String], _ defaults: NetworkDefaults) throws -> ContainerNetworkChoice {
            var flags = ContainerNetworkChoice.Flags()
            flags.network = network
            flags.defaults = defaults
            return try ContainerNetworkChoice.resolve(flags)
        }
        let root = NetworkDefaults(mode: "bridge")
        #expect(try resolve([], root).networks.map(\.name) == ["podman"])
        #expect(try resolve(["private"], root).networks.map(\.name) == ["podman"])
        #expect(try resolve(["none"], root).mode == "none")
        #expect(try resolve([], NetworkDefaults(mode: "bridge", networkName: "lan")).networks.map(\.name) == ["lan"])
        #expect(try resolve(["bridge"], NetworkDefaults(mode: "none", networkName: "lan")).networks.map(\.name) == ["lan"])
        #expect(try resolve([], NetworkDefaults(mode: "none")).mode == "none")
        #expect(try resolve(["private"], NetworkDefaults(mode: "none", rootless: true)).mode == "none")
    }

    @Test("a Podman 4.3 network file decodes and encodes back in netavark's shape")
    func podmanConfig() throws {
        let json = """
        {
             "name": "app",
             "id": "b3f2c1d0a9e8f7d6c5b4a3928170f6e5d4c3b2a19080706050403020100f0e0d",
             "driver": "bridge",
             "network_interface": "podman1",
             "created": "2023-05-04T10:11:12.123456789Z",
             "subnets": [
                  {
                       "subnet": "10.89.0.0/24",
                       "gateway": "10.89.0.1",
                       "lease_range": { "start_ip": "10.89.0.10", "end_ip": "10.89.0.20" }
                  }
             ],
             "ipv6_enabled": false,
             "internal": false,
             "dns_enabled": true,
             "labels": { "app": "web" },
             "ipam_options": { "driver": "host-local" }
        }
        """
        let config = try JSONDecoder().decode(NetworkConfig.self, from: Data(json.utf8))
        #expect(config.networkInterface == "podman1")
        #expect(config.subnets[0].leaseRange?.startIP == "10.89.0.10")
        #expect(config.dnsEnabled)
        let encoded = String(decoding: try JSONCoding.encoder(pretty: false).encode(config), as: UTF8.self)
        #expect(encoded.hasPrefix("{\"name\":\"app\",\"id\":\"b3f2"))
        #expect(encoded.contains("\"lease_range\":{\"start_ip\":\"10.89.0.10\",\"end_ip\":\"10.89.0.20\"}"))
        #expect(!encoded.contains("options\":null"))
        let old = try JSONDecoder().decode(NetworkConfig.self, from: Data(#"{"name":"n","id":"1","driver":"bridge"}"#.utf8))
        #expect(old.subnets.isEmpty && !old.dnsEnabled)
    }

    @Test("netavark's setup output decodes into addresses, gateway and DNS")
    func status() throws {
        let output = """
        {"net1":{"dns_search_domains":["dns.podman"],"dns_server_ips":["10.80.0.1"],
                 "interfaces":{"eth0":{"mac_address":"8a:2f:1e:00:00:01","subnets":[{"ipnet":"10.80.0.2/24","gateway":"10.80.0.1"}]}}}}
        """
        let status = try JSONDecoder().decode([String: NetavarkStatus].self, from: Data(output.utf8))
        let record = NetworkAttachment.Record(
            namespacePath: "/run/x",
            options: NetavarkOptions(containerID: "c", containerName: "n", portMappings: nil,
                                     networks: ["net1": .init(aliases: nil, interfaceName: "eth0", staticIPs: ["10.80.0.2"], staticMAC: nil)],
                                     networkInfo: [:], dnsServers: nil),
            status: status)
        #expect(record.addresses == ["10.80.0.2"])
        #expect(record.firstGateway == "10.80.0.1")
        #expect(record.dnsServers == ["10.80.0.1"])
        let stored = """
        {"imageReference":"i","imageName":"i","args":[],"entrypoint":[],"command":[],"env":[],"workingDir":"/","user":"",
         "groupAdd":[],"hostname":"h","labels":{},"annotations":{},"mounts":[],"readOnly":false,"readOnlyTmpfs":true,
         "capAdd":[],"capDrop":[],"noNewPrivileges":false,"maskPaths":[],"unmaskPaths":[],"devices":[],"sysctls":{},
         "ulimits":[],"stopSignal":15,"stopTimeout":10,"initProcess":false,"logDriver":"k8s-file","logOptions":{},
         "cgroupsMode":"enabled","sdNotify":"container","network":"none","autoRemove":false,"tty":false,
         "interactive":false,"createCommand":[]}
        """
        var config = try JSONDecoder().decode(ContainerConfiguration.self, from: Data(stored.utf8))
        config.dnsSearch = ["example.com"]
        let resolv = ContainerManager.resolvConf("nameserver 127.0.0.53\nnameserver 192.0.2.53\nsearch lan\n", config, network: record)
        #expect(resolv == "nameserver 10.80.0.1\nnameserver 192.0.2.53\nsearch dns.podman example.com\n")
    }
}
