import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `.network` units and the README's `web.container` under a real systemd:
/// what a person sees on the box (a page answering on its loopback, the
/// network's settings in `inspect`) and what stopping leaves (nothing).
@Suite("System: .network units and web.container on a bridge network", .serialized,
       .enabled(if: SystemTestSupport.canBoot && SystemTestSupport.which("iptables") != nil, SystemTestSupport.reason))
struct NetworkUnitTests {
    static let shared = SharedBox.make("netunits")

    private func box() throws -> Box { try NetworkUnitTests.shared.get() }

    private func example(_ name: String) throws -> String {
        let text = try String(contentsOfFile: SystemTestSupport.packageRoot + "/units/examples/" + name, encoding: .utf8)
        return text.replacingOccurrences(of: "localhost/berth-demo/busybox:latest", with: SharedBox.image)
    }

    /// What a stopped network leaves on the box: namespaces, veths, the
    /// firewall rules naming `subnet`, and aardvark's entries.
    private func leftovers(_ box: Box, subnet: String) throws -> [String] {
        var found: [String] = []
        let namespaces = try box.exec("sh", "-c", "ls /run/berth/netns 2>/dev/null").out
        if !namespaces.isEmpty { found.append("namespaces: \(namespaces)") }
        // sdbox's own pair (its uplink) stays.
        let veths = try box.exec("sh", "-c", "ip -o link show type veth | grep -v ' sdbox-' || true").out
        if !veths.isEmpty { found.append("veths: \(veths)") }
        let rules = try box.exec("sh", "-c", "iptables-save 2>/dev/null | grep -F '\(subnet)' || true").out
        if !rules.isEmpty { found.append("firewall rules: \(rules)") }
        let aardvark = try box.exec("sh", "-c", "cat /run/berth/networks/aardvark-dns/* 2>/dev/null | grep -v '^\\[\\|^[0-9.,]*$' || true").out
        if !aardvark.isEmpty { found.append("aardvark entries: \(aardvark)") }
        return found
    }

    @Test("units/examples/web.container as written: start brings up app.network and web-data.volume, the page answers on the box's 127.0.0.1:8080; stop leaves no namespace, veth, firewall rule or aardvark entry")
    func webExample() throws {
        let box = try box()
        for name in ["app.network", "web-data.volume", "web.container"] { try box.writeQuadlet(name, try example(name)) }
        try box.reload()
        // The page, in the volume the unit will find.
        #expect(try box.berth("volume", "create", "systemd-web-data").status == 0)
        let mountpoint = try box.berth("volume", "inspect", "--format", "{{.Mountpoint}}", "systemd-web-data").out
        #expect(try box.exec("sh", "-c", "echo hello from the web example > \(mountpoint)/index.html").status == 0)

        let started = try box.exec("systemctl", "start", "web.service")
        try #require(started.status == 0, "systemctl start web: \(started.stderr)\n\((try? box.journal(["-u", "web.service", "-u", "app-network.service"])) ?? "")")
        #expect(try box.property("app-network.service", "ActiveState") == "active")
        #expect(try box.property("web-data-volume.service", "ActiveState") == "active")
        var page = ""
        for _ in 0..<50 where !page.contains("hello") {
            page = try box.exec("sh", "-c", "busybox wget -q -O - http://127.0.0.1:8080/ 2>&1").out
            if !page.contains("hello") { usleep(100_000) }
        }
        #expect(page == "hello from the web example")
        let address = try box.berth("inspect", "--format", "{{(index .NetworkSettings.Networks \"systemd-app\").IPAddress}}", "systemd-web").out
        #expect(address.hasPrefix("10.89.40."), "the container's address on app.network's 10.89.40.0/24")

        #expect(try box.exec("systemctl", "stop", "web.service").status == 0)
        #expect(try box.berth("ps", "-a", "-q").out == "")
        let left = try leftovers(box, subnet: "10.89.40.")
        #expect(left.isEmpty, "\(left)")
        _ = try box.exec("systemctl", "stop", "app-network.service", "web-data-volume.service")
    }

    @Test("every .network key reaches the network: subnets, gateway, range, IPv6, internal, DNS, options, label, interface name; a container on it gets its address from the range and the MTU")
    func everyNetworkKey() throws {
        let box = try box()
        try box.writeQuadlet("keys.network", """
            [Network]
            NetworkName=keys
            Driver=bridge
            Subnet=10.89.77.0/24
            Gateway=10.89.77.254
            IPRange=10.89.77.128/25
            Subnet=fd00:77::/64
            IPv6=true
            Internal=true
            DNS=192.0.2.53
            DisableDNS=false
            IPAMDriver=host-local
            Options=mtu=1400
            Options=isolate=true
            Label=tier=back
            InterfaceName=keysbr0
            """)
        try box.writeQuadlet("keysuser.container", """
            [Container]
            Image=\(SharedBox.image)
            Network=keys.network
            Exec=sh -c "cat /sys/class/net/eth0/mtu; ip -4 -o addr show eth0; sleep 1000"
            """)
        try box.reload()
        let started = try box.exec("systemctl", "start", "keysuser.service")
        try #require(started.status == 0, "systemctl start keysuser: \(started.stderr)\n\((try? box.journal(["-u", "keys-network.service", "-u", "keysuser.service"])) ?? "")")
        let inspected = try box.berth("network", "inspect", "keys")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as? [[String: Any]]).first ?? [:]
        let subnets = (json["subnets"] as? [[String: Any]]) ?? []
        #expect(subnets.map { $0["subnet"] as? String } == ["10.89.77.0/24", "fd00:77::/64"])
        #expect(subnets.first?["gateway"] as? String == "10.89.77.254")
        #expect((subnets.first?["lease_range"] as? [String: String])?["start_ip"] == "10.89.77.129")
        #expect(json["ipv6_enabled"] as? Bool == true)
        #expect(json["internal"] as? Bool == true)
        #expect(json["dns_enabled"] as? Bool == true)
        #expect(json["network_dns_servers"] as? [String] == ["192.0.2.53"])
        #expect(json["network_interface"] as? String == "keysbr0")
        #expect(json["options"] as? [String: String] == ["mtu": "1400", "isolate": "true"])
        #expect(json["labels"] as? [String: String] == ["tier": "back"])
        let output = try box.journal(["-u", "keysuser.service"], until: "inet ")
        #expect(output.contains("1400"), "eth0's MTU: \(output)")
        #expect(output.contains("inet 10.89.77.129/24"), "the first address of the range: \(output)")
        #expect(try box.exec("ip", "link", "show", "keysbr0").status == 0)
        #expect(try box.exec("systemctl", "stop", "keysuser.service").status == 0)
        let left = try leftovers(box, subnet: "10.89.77.")
        #expect(left.isEmpty, "\(left)")
        _ = try box.exec("systemctl", "stop", "keys-network.service")
    }
}
