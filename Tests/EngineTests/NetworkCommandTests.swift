import Foundation
import Testing
@testable import Engine

@Suite("Engine: berth network create/ls/inspect/rm/exists/prune",
       .enabled(if: EngineTestSupport.hasBerth, "needs the built berth binary"))
struct NetworkCommandTests {
    private func inspect(_ store: TestStore, _ name: String) throws -> [String: Any] {
        let out = try store.berth("network", "inspect", name)
        try #require(out.status == 0, "\(out.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]])
        return array[0]
    }

    @Test("create with Podman's flags writes netavark's format; ls, inspect, exists, templates")
    func createAndList() throws {
        let store = TestStore("net-cli")
        let created = try store.berth("network", "create", "--ipam-driver", "host-local", "--subnet", "10.203.7.0/24", "--gateway", "10.203.7.254",
                                      "--ip-range", "10.203.7.128/25", "--label", "app=web", "--opt", "mtu=1400",
                                      "--opt", "isolate=true", "--interface-name", "brtest7", "appnet")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "appnet\n")
        let net = try inspect(store, "appnet")
        #expect(net["name"] as? String == "appnet")
        #expect((net["id"] as? String)?.count == 64)
        #expect(net["driver"] as? String == "bridge")
        #expect(net["network_interface"] as? String == "brtest7")
        #expect(net["dns_enabled"] as? Bool == true)
        #expect(net["internal"] as? Bool == false)
        #expect(net["labels"] as? [String: String] == ["app": "web"])
        #expect(net["options"] as? [String: String] == ["mtu": "1400", "isolate": "true"])
        let subnets = net["subnets"] as? [[String: Any]]
        #expect(subnets?.first?["subnet"] as? String == "10.203.7.0/24")
        #expect(subnets?.first?["gateway"] as? String == "10.203.7.254")
        #expect(subnets?.first?["lease_range"] as? [String: String] == ["start_ip": "10.203.7.129", "end_ip": "10.203.7.255"])
        // The file netavark reads is the one inspect shows.
        let file = try JSONSerialization.jsonObject(with: try FileSystem.readFile(store.root + "/networks/appnet.json")) as? [String: Any]
        #expect(file?["id"] as? String == net["id"] as? String)

        let internalNet = try store.berth("network", "create", "--internal", "--disable-dns", "--ipv6", "--label", "tier=db", "dbnet")
        #expect(internalNet.status == 0, "\(internalNet.stderr)")
        let db = try inspect(store, "dbnet")
        #expect(db["internal"] as? Bool == true)
        #expect(db["dns_enabled"] as? Bool == false)
        #expect(db["ipv6_enabled"] as? Bool == true)
        let dbSubnets = (db["subnets"] as? [[String: Any]])?.compactMap { $0["subnet"] as? String } ?? []
        #expect(dbSubnets.count == 2)
        #expect(dbSubnets.contains { $0.hasPrefix("fd") && $0.hasSuffix("/64") })
        #expect(dbSubnets.contains { $0.hasPrefix("10.8") && $0.hasSuffix("/24") })

        // The default network: Podman's name, Berth's own bridge and subnet.
        let podman = try inspect(store, "podman")
        #expect((podman["network_interface"] as? String)?.hasPrefix("berth") == true)
        #expect((podman["subnets"] as? [[String: Any]])?.first?["subnet"] as? String != "10.88.0.0/16")
        #expect(try inspect(store, "bridge")["name"] as? String == "podman")

        #expect(try store.berth("network", "ls", "-q").stdout == "appnet\ndbnet\npodman\n", "by name, as Podman lists them")
        #expect(try store.berth("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Labels}}", "--filter", "label=app").stdout == "appnet bridge app=web\n")
        #expect(try store.berth("network", "ls", "--filter", "name=^db", "--format", "{{.Name}} {{.Internal}} {{.DNSEnabled}}").stdout == "dbnet true false\n")
        let table = try store.berth("network", "ls").stdout.split(separator: "\n")
        #expect(table.first?.hasPrefix("NETWORK ID") == true)
        #expect(table.count == 4)
        let id = try #require(net["id"] as? String)
        #expect(try store.berth("network", "inspect", "--format", "{{.Name}} {{.NetworkInterface}} {{.ID}}", String(id.prefix(10))).stdout == "appnet brtest7 \(id)\n")
        #expect(try store.berth("network", "ls", "--format", "{{.ID}}", "--filter", "name=appnet").stdout == String(id.prefix(12)) + "\n")
        let json = try JSONSerialization.jsonObject(with: Data(try store.berth("network", "ls", "--format", "json", "--filter", "driver=bridge").stdout.utf8)) as? [[String: Any]]
        #expect(json?.compactMap { $0["name"] as? String } == ["appnet", "dbnet", "podman"])
        #expect(try store.berth("network", "ls", "-q", "--filter", "driver=macvlan").stdout == "")
        #expect(try store.berth("network", "ls", "-q", "--filter", "dangling=true", "--filter", "label!=tier").stdout == "appnet\npodman\n")
        let emptyLabel = try store.berth("network", "ls", "-q", "--filter", "label=")
        #expect(emptyLabel.status == 0 && emptyLabel.stdout == "", "a label filter without a name matches nothing: \(emptyLabel.stderr)")
        #expect(try store.berth("network", "ls", "--noheading", "--no-trunc", "--filter", "id=\(id.prefix(8))").out.hasPrefix(id + " "))
        #expect(try store.berth("network", "exists", "appnet").status == 0)
        #expect(try store.berth("network", "exists", "nope").status == 1)

        #expect(try store.berth("network", "create", "--ignore", "appnet").status == 0)
        #expect(try store.berth("network", "rm", "appnet", "dbnet").stdout == "appnet\ndbnet\n")
        #expect(try store.berth("network", "ls", "-q").stdout == "podman\n")
        let rmDefault = try store.berth("network", "rm", "podman")
        #expect(rmDefault.status == 125)
        #expect(rmDefault.stderr.contains("default network podman cannot be removed"))
        let rmMissing = try store.berth("network", "rm", "nope")
        #expect(rmMissing.stderr.contains("unable to find network with name or ID nope: network not found"))
        #expect(rmMissing.status == 1, "Podman's exit code for a missing network")
        let inspectMissing = try store.berth("network", "inspect", "nope")
        #expect(inspectMissing.stdout == "[]\n")
        #expect(inspectMissing.stderr.contains("inspecting object: network nope: unable to find network with name or ID nope"))
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test("invalid input is refused with a clear error and leaves no network behind", arguments: [
        BadCase(arguments: ["--subnet", "10.300.0.0/24", "bad1"], message: "invalid CIDR address: 10.300.0.0/24"),
        BadCase(arguments: ["--subnet", "10.202.1.0/24", "--gateway", "10.202.2.1", "bad2"], message: "gateway 10.202.2.1 not in subnet 10.202.1.0/24"),
        BadCase(arguments: ["--subnet", "10.88.0.0/24", "bad3"], message: "subnet 10.88.0.0/24 is already used on the host or by another config"),
        BadCase(arguments: ["--subnet", "10.202.9.0/24", "--subnet", "10.202.9.128/25", "bad4"], message: "subnet 10.202.9.128/25 is already used"),
        BadCase(arguments: ["--gateway", "10.202.0.1", "bad5"], message: "cannot set gateway or range without subnet"),
        BadCase(arguments: ["--driver", "overlay", "bad6"], message: "unsupported driver overlay"),
        BadCase(arguments: ["--opt", "colour=blue", "bad7"], message: "unsupported bridge network option colour"),
        BadCase(arguments: ["--opt", "mtu=big", "bad8"], message: "invalid mtu value \"big\""),
        BadCase(arguments: ["bad/name"], message: "network name bad/name invalid"),
        BadCase(arguments: ["--driver", "macvlan", "bad9"], message: "macvlan driver needs at least one subnet specified, DHCP is not yet supported with netavark"),
        BadCase(arguments: ["--ipam-driver", "dhcp", "bad10"], message: "unsupported ipam driver dhcp"),
        BadCase(arguments: ["--subnet", "10.202.3.0/24", "--ip-range", "10.202.4.0/25", "bad11"], message: "lease range start ip 10.202.4.1 not in subnet 10.202.3.0/24"),
        BadCase(arguments: ["--subnet", "10.202.5.0/24", "--gateway", "10.202.5.1", "--gateway", "10.202.5.2", "bad12"], message: "cannot set more gateways than subnets"),
        BadCase(arguments: ["--opt", "vlan=5000", "bad13"], message: "vlan ID 5000 must be between 0 and 4094"),
        BadCase(arguments: ["--opt", "isolate=maybe", "bad14"], message: "invalid isolate value \"maybe\""),
        BadCase(arguments: ["--driver", "ipvlan", "--opt", "mode=l4", "--subnet", "10.202.6.0/24", "bad15"], message: "unknown ipvlan mode \"l4\""),
        BadCase(arguments: ["--dns", "not-an-ip", "bad16"], message: "invalid --dns address not-an-ip"),
        BadCase(arguments: ["--subnet", "fd00:82::/64", "--subnet", "fd00:82::/48", "bad17"], message: "subnet fd00:82::/48 is already used"),
    ])
    func invalid(_ c: BadCase) throws {
        let store = TestStore("net-bad")
        let result = try store.berth(["network", "create"] + c.arguments)
        #expect(result.status == 125)
        #expect(result.stderr.contains(c.message), "\(result.stderr)")
        #expect(try store.berth("network", "ls", "-q").stdout == "podman\n")
    }

    @Test("a subnet the host routes to is refused (a route of the host's own, not a container bridge that may come and go)")
    func hostRoute() throws {
        let routes = String(decoding: try FileSystem.readFile("/proc/net/route"), as: UTF8.self).split(separator: "\n").dropFirst()
        guard let route = routes.map({ $0.split(whereSeparator: { $0 == " " || $0 == "\t" }) }).first(where: { $0.count > 7 && $0[7] != "00000000" && !$0[0].hasPrefix("berth") && !$0[0].hasPrefix("podman") }),
              let dest = UInt32(route[1], radix: 16), let mask = UInt32(route[7], radix: 16) else { return }
        let subnet = IPSubnet(network: IPAddress(bytes: withUnsafeBytes(of: dest) { Array($0) }), prefixLength: mask.nonzeroBitCount)
        let store = TestStore("net-route")
        let result = try store.berth("network", "create", "--subnet", subnet.description, "onhost")
        #expect(result.status == 125)
        #expect(result.stderr.contains("subnet \(subnet) is already used on the host or by another config"), "\(result.stderr)")
        #expect(try store.berth("network", "exists", "onhost").status == 1)
    }

    @Test("a taken name, or a subnet another network of the store has, is refused")
    func conflicts() throws {
        let store = TestStore("net-dup")
        #expect(try store.berth("network", "create", "--subnet", "10.201.4.0/24", "one").status == 0)
        let dup = try store.berth("network", "create", "one")
        #expect(dup.status == 125)
        #expect(dup.stderr.contains("network name one already used: network already exists"))
        let overlap = try store.berth("network", "create", "--subnet", "10.201.0.0/16", "two")
        #expect(overlap.stderr.contains("subnet 10.201.0.0/16 is already used on the host or by another config"))
        // Automatic subnets skip taken ones.
        #expect(try store.berth("network", "create", "three").status == 0)
        #expect(try store.berth("network", "create", "four").status == 0)
        let subnets = try ["one", "three", "four", "podman"].map { name in
            let net = try inspect(store, name)
            return try #require((net["subnets"] as? [[String: Any]])?.first?["subnet"] as? String)
        }.compactMap { IPSubnet($0) }
        for (i, a) in subnets.enumerated() { for b in subnets[(i + 1)...] { #expect(!a.overlaps(b), "\(a) overlaps \(b)") } }
        #expect(try store.berth("network", "ls", "-q").stdout == "four\none\npodman\nthree\n")
        #expect(try store.berth("network", "prune", "-f", "--filter", "name=^t").stdout == "three\n")
        #expect(try store.berth("network", "prune", "-f").stdout == "four\none\n")
    }
}
