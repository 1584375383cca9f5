import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// Containers on bridge networks through netavark. Serialized: every
/// store's default network starts out on the same free bridge and subnet.
/// Traffic goes only to loopback and to the namespaces these tests create.
@Suite("Engine: containers on bridge networks (netavark, aardvark-dns)", .serialized,
       .enabled(if: NetworkTestSupport.canRun, NetworkTestSupport.reason))
struct NetworkContainerTests {
    /// What a container leaves on the host: interfaces, namespaces, firewall rules naming its address.
    private func leftovers(_ store: TestStore, address: String) throws -> [String] {
        var found: [String] = []
        found += FileSystem.list(store.runRoot + "/netns").map { "netns " + $0 }
        found += ContainerTestSupport.mounts(under: store.runRoot).filter { $0.contains("/netns/") }.map { "mount " + $0 }
        for pid in FileSystem.list("/proc") where Int32(pid) != nil {
            guard let data = try? FileSystem.readFile("/proc/\(pid)/cmdline") else { continue }
            let argv = String(decoding: data, as: UTF8.self).split(separator: "\0")
            if argv.first?.hasSuffix("aardvark-dns") == true && argv.contains(where: { $0.hasPrefix(store.runRoot + "/") }) {
                found.append("aardvark-dns \(pid)")
            }
        }
        let rules = try EngineTestSupport.run(address.contains(":") ? "/usr/sbin/ip6tables-save" : "/usr/sbin/iptables-save", [])
        found += rules.stdout.split(separator: "\n").filter { $0.contains(address + "/") || $0.contains(address + " ") || $0.hasSuffix(address) }.map { "rule " + $0 }
        return found
    }

    /// The host ends of veths on this store's bridges (other suites' containers come and go on theirs meanwhile).
    /// The host ends of the veths whose other end is in one of the store's
    /// network namespaces, by the peer index `ip` shows inside (`eth0@if12`).
    /// Bridge names and subnets are chosen per store from what the host
    /// shows, so parallel stores may share a bridge: a count of the
    /// bridge's veths would see other tests' containers come and go.
    private func hostEnds(_ store: TestStore) throws -> Set<String> {
        var peers: Set<String> = []
        for name in FileSystem.list(store.runRoot + "/netns") {
            let shown = try EngineTestSupport.run("/usr/bin/nsenter", ["--net=" + store.runRoot + "/netns/" + name, "ip", "-o", "link", "show"]).stdout
            for line in shown.split(separator: "\n") {
                guard let at = line.range(of: "@if"), let end = line[at.upperBound...].firstIndex(of: ":") else { continue }
                peers.insert(String(line[at.upperBound..<end]))
            }
        }
        return Set(FileSystem.list("/sys/class/net").filter { name in
            let index = (try? String(contentsOfFile: "/sys/class/net/\(name)/ifindex", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            return name.hasPrefix("veth") && index.map(peers.contains) == true
        })
    }

    /// Whether none of `ends` is on the host any more.
    private func gone(_ ends: Set<String>) -> Bool {
        ends.isDisjoint(with: FileSystem.list("/sys/class/net"))
    }

    @Test("a container on the default network gets an address, /etc/hosts names it, and a published port answers on 127.0.0.1; nothing is left after rm -f")
    func defaultNetworkAndPort() throws {
        let store = try ContainerTestSupport.store("net-ctr")
        let run = try store.berth("run", "-d", "--name", "web", "--network", "bridge", "-p", "127.0.0.1::8080", "--hostname", "webhost",
                                  "--add-host", "extra.example:192.0.2.9",
                                  "localhost/busybox", "sh", "-c", "mkdir /www && echo hi > /www/index.html && exec httpd -f -p 8080 -h /www")
        try #require(run.status == 0, "\(run.stderr)")
        let port = try store.berth("port", "web", "8080").out
        #expect(port.hasPrefix("127.0.0.1:"))
        let all = try store.berth("port", "web").out
        #expect(all == "8080/tcp -> " + port)

        let address = try store.berth("exec", "web", "sh", "-c", "ip -4 -o addr show eth0").out
        let ip = try #require(address.split(separator: " ").first(where: { $0.contains("/") }).map { String($0.split(separator: "/")[0]) }, "\(address)")
        let network = try JSONSerialization.jsonObject(with: Data(try store.berth("network", "inspect", "podman").stdout.utf8)) as! [[String: Any]]
        let subnet = try #require(IPSubnet((network[0]["subnets"] as! [[String: Any]])[0]["subnet"] as! String))
        #expect(subnet.contains(IPAddress(ip)!))
        #expect(try store.berth("inspect", "--format", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Networks.podman.IPAddress}}", "web").out == "\(ip) \(ip)")
        #expect(try store.berth("ps", "--format", "{{.Ports}} {{.Networks}}").out == "\(port)->8080/tcp podman")
        let hosts = try store.berth("exec", "web", "cat", "/etc/hosts").stdout
        #expect(hosts.contains("\(ip)\twebhost web\n"))
        #expect(hosts.contains("host.containers.internal"))
        #expect(hosts.contains("192.0.2.9\textra.example\n"))
        #expect(try store.berth("exec", "web", "hostname").out == "webhost")
        // The default network has no DNS: no aardvark nameserver first.
        #expect(!(try store.berth("exec", "web", "cat", "/etc/resolv.conf").stdout.contains("nameserver " + subnet.network.advanced(by: 1).description)))

        var body = ""
        #expect(ContainerTestSupport.eventually(20) {
            body = (try? EngineTestSupport.run("/usr/bin/timeout", ["5", EngineTestSupport.busybox, "wget", "-q", "-O", "-", "http://\(port)/"]).stdout) ?? ""
            return body == "hi\n"
        }, "published port answered \(body.debugDescription)")

        // reload: netavark's rules again, the same address and port.
        let reloaded = try store.berth("network", "reload", "web")
        #expect(reloaded.status == 0, "\(reloaded.stderr)")
        #expect(reloaded.out.count == 64)
        #expect(try store.berth("port", "web", "8080").out == port)
        #expect(ContainerTestSupport.eventually(20) {
            ((try? EngineTestSupport.run("/usr/bin/timeout", ["5", EngineTestSupport.busybox, "wget", "-q", "-O", "-", "http://\(port)/"]).stdout) ?? "") == "hi\n"
        })

        let ends = try hostEnds(store)
        #expect(ends.count == 1, "web's veth: \(ends)")
        let removed = try store.berth("rm", "-f", "-t", "0", "web")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try leftovers(store, address: ip) == [])
        #expect(gone(ends))

        // The address is free again: the next container gets it.
        let again = try store.berth("run", "--rm", "--network", "podman", "localhost/busybox", "sh", "-c", "ip -4 -o addr show eth0")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains(" \(ip)/"))
        #expect(try leftovers(store, address: ip) == [])
    }

    @Test("containers on one user network resolve each other by name and alias; stop leaves nothing; the network cannot go while used")
    func dnsOnUserNetwork() throws {
        let store = try ContainerTestSupport.store("net-dns")
        let created = try store.berth("network", "create", "appnet")
        try #require(created.status == 0, "\(created.stderr)")
        let db = try store.berth("run", "-d", "--name", "db", "--network", "appnet", "--network-alias", "database", "localhost/busybox", "sleep", "1000")
        try #require(db.status == 0, "\(db.stderr)")
        let dbAddress = try store.berth("exec", "db", "sh", "-c", "ip -4 -o addr show eth0").out
        let dbIP = try #require(dbAddress.split(separator: " ").first(where: { $0.contains("/") }).map { String($0.split(separator: "/")[0]) })

        for name in ["db", "database"] {
            var answer = ""
            let resolved = ContainerTestSupport.eventually(20) {
                // An A query of a name aardvark holds: answered by aardvark, never forwarded upstream.
                answer = (try? store.berth("run", "--rm", "--network", "appnet", "localhost/busybox", "nslookup", "-type=a", name).stdout) ?? ""
                return answer.contains("Address: \(dbIP)")
            }
            #expect(resolved, "nslookup \(name): \(answer)")
        }
        let resolv = try store.berth("exec", "db", "cat", "/etc/resolv.conf").stdout
        #expect(resolv.hasPrefix("search dns.podman") || resolv.contains("\nsearch dns.podman"))

        let busy = try store.berth("network", "rm", "appnet")
        #expect(busy.status == 2)
        #expect(busy.stderr.contains("has associated containers with it"))

        #expect(try store.berth("stop", "-t", "0", "db").status == 0)
        #expect(try leftovers(store, address: dbIP) == [])
        #expect(try store.berth("port", "db").out == "")

        let forced = try store.berth("network", "rm", "-f", "appnet")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(try store.berth("network", "exists", "appnet").status == 1)
    }

    @Test("after berth's monitor and the container are killed with SIGKILL, the next command releases the network: nothing is left")
    func killedMonitor() throws {
        let store = try ContainerTestSupport.store("net-kill")
        let run = try store.berth("run", "-d", "--name", "victim", "--network", "bridge", "-p", "127.0.0.1::9000", "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        let ip = try store.berth("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "victim").out
        let pids = try store.berth("inspect", "--format", "{{.State.ConmonPid}} {{.State.Pid}}", "victim").out.split(separator: " ").compactMap { Int32($0) }
        try #require(pids.count == 2 && !ip.isEmpty)
        let ends = try hostEnds(store)
        #expect(ends.count == 1, "victim's veth: \(ends)")
        for pid in pids { kill(pid, SIGKILL) }
        #expect(ContainerTestSupport.eventually(20) { pids.allSatisfy { kill($0, 0) != 0 } })
        #expect(ContainerTestSupport.eventually(20) { (try? store.berth("ps", "-a", "--format", "{{.State}}").out) == "exited" })
        let removed = try store.berth("rm", "-f", "victim")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try leftovers(store, address: ip) == [])
        #expect(gone(ends))
    }

    @Test("a dual-stack network gives IPv4 and IPv6 addresses, both named in /etc/hosts; -P publishes --expose'd ports on random host ports")
    func dualStackAndPublishAll() throws {
        let store = try ContainerTestSupport.store("net-v6")
        #expect(try store.berth("network", "create", "--ipv6", "dual").status == 0)
        let run = try store.berth("run", "-d", "--name", "d", "--network", "dual", "--expose", "7000", "--expose", "7001/udp", "-P",
                                  "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        let v4 = try store.berth("inspect", "--format", "{{.NetworkSettings.Networks.dual.IPAddress}}", "d").out
        let v6 = try store.berth("inspect", "--format", "{{.NetworkSettings.Networks.dual.GlobalIPv6Address}}", "d").out
        #expect(IPAddress(v4)?.isIPv4 == true)
        #expect(IPAddress(v6)?.isIPv4 == false)
        let hosts = try store.berth("exec", "d", "cat", "/etc/hosts").stdout
        #expect(hosts.contains("\(v4)\t") && hosts.contains("\(v6)\t"))
        let ports = try store.berth("port", "d").out.split(separator: "\n").map(String.init)
        #expect(ports.count == 2)
        #expect(ports.contains { $0.hasPrefix("7000/tcp -> 0.0.0.0:") && !$0.hasSuffix(":0") })
        #expect(ports.contains { $0.hasPrefix("7001/udp -> 0.0.0.0:") && !$0.hasSuffix(":0") })
        #expect(try store.berth("rm", "-f", "-t", "0", "d").status == 0)
        #expect(try leftovers(store, address: v4) == [])
        #expect(try leftovers(store, address: v6) == [])
    }

    @Test("a start killed right after netavark set the network up (its result never saved) is undone by the next command", arguments: [false, true])
    func killedAfterSetup(setupRan: Bool) throws {
        let store = try ContainerTestSupport.store("net-crash")
        let created = try store.berth("create", "--name", "half", "--network", "bridge", "-p", "127.0.0.1::80", "localhost/busybox", "true")
        try #require(created.status == 0, "\(created.stderr)")
        let opened = try store.open()
        let manager = opened.containerManager()
        var c = try manager.load("half")
        let attachment = NetworkAttachment(store: opened)
        if setupRan {
            // What start (NetworkStep) does up to netavark's answer; the process then "dies".
            _ = try attachment.setUp(c) { entry in
                c.state.network = entry
                if !c.state.held.contains(where: { $0.kind == .network }) { c.state.held.append(HeldResource(.network)) }
                try manager.save(c)
            }
        } else {
            // Killed between recording the addresses and netavark: an empty namespace.
            let entry = try attachment.setUp(c) { entry in
                c.state.network = entry
                if !c.state.held.contains(where: { $0.kind == .network }) { c.state.held.append(HeldResource(.network)) }
                try manager.save(c)
            }
            _ = try attachment.run("teardown", entry.options, in: entry.namespacePath)
        }
        let ip = try #require(c.state.network?.options.networks.values.first?.staticIPs?.first)
        #expect(NetworkNamespace.isBound(attachment.namespacePath(c.id)))
        let ends = try hostEnds(store)
        #expect(ends.count == (setupRan ? 1 : 0), "the half-made veth: \(ends)")
        let removed = try store.berth("rm", "-f", "half")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try leftovers(store, address: ip) == [])
        #expect(gone(ends))
    }

    @Test("a release killed after netavark's teardown (namespace and record still there) is finished by the next rm -f")
    func killedDuringTeardown() throws {
        let store = try ContainerTestSupport.store("net-teardown-crash")
        let run = try store.berth("run", "-d", "--name", "half", "--network", "bridge", "-p", "127.0.0.1::80", "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        let opened = try store.open()
        let manager = opened.containerManager()
        let c = try manager.load("half")
        let entry = try #require(c.state.network)
        let ip = try #require(entry.options.networks.values.first?.staticIPs?.first)
        let ends = try hostEnds(store)
        #expect(ends.count == 1, "half's veth: \(ends)")
        let attachment = NetworkAttachment(store: opened)
        struct Killed: Error {}
        var savedUnfinished = false
        #expect(throws: Killed.self) {
            try attachment.tearDown(entry) { unfinished in
                var saved = c
                saved.state.network = unfinished
                try manager.save(saved)
                savedUnfinished = unfinished.status == nil
                // The process dies once netavark has torn down, before the namespace goes.
                _ = try attachment.run("teardown", entry.options, in: entry.namespacePath)
                throw Killed()
            }
        }
        #expect(savedUnfinished, "the entry is saved as unfinished before netavark runs")
        let removed = try store.berth("rm", "-f", "-t", "0", "half")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try leftovers(store, address: ip) == [])
        #expect(gone(ends))
    }

    @Test("containers started at once on one network get distinct addresses")
    func concurrentStarts() throws {
        let store = try ContainerTestSupport.store("net-conc")
        #expect(try store.berth("network", "create", "busy").status == 0)
        let names = (0..<4).map { "c\($0)" }
        let results = Mutex<[String: Int32]>([:])
        let (berth, global) = (EngineTestSupport.berth!, store.globalArguments)
        DispatchQueue.concurrentPerform(iterations: names.count) { i in
            let run = global + ["run", "-d", "--name", names[i], "--network", "busy", "localhost/busybox", "sleep", "1000"]
            let status = (try? EngineTestSupport.run(berth, run).status) ?? -1
            results.withLock { $0[names[i]] = status }
        }
        #expect(results.withLock { $0.values.allSatisfy { $0 == 0 } }, "\(results.withLock { $0 })")
        let addresses = try names.map { try store.berth("inspect", "--format", "{{.NetworkSettings.Networks.busy.IPAddress}}", $0).out }
        #expect(Set(addresses).count == names.count, "\(addresses)")
        #expect(!addresses.contains(""))
        #expect(try store.berth("rm", "-a", "-f", "-t", "0").status == 0)
        for address in addresses { #expect(try leftovers(store, address: address) == []) }
    }

    @Test("static addresses, a taken address and a busy host port are refused before anything is held")
    func badRequests() throws {
        let store = try ContainerTestSupport.store("net-bad-ctr")
        #expect(try store.berth("network", "create", "--subnet", "10.204.3.0/24", "fixed").status == 0)
        let first = try store.berth("run", "-d", "--name", "a", "--network", "fixed", "--ip", "10.204.3.50", "--mac-address", "92:d0:c6:0a:29:33",
                                    "localhost/busybox", "sleep", "1000")
        try #require(first.status == 0, "\(first.stderr)")
        let shown = try store.berth("exec", "a", "ip", "-o", "link", "show", "eth0").out
        #expect(shown.contains("92:d0:c6:0a:29:33"))
        #expect(try store.berth("exec", "a", "ip", "-4", "-o", "addr", "show", "eth0").out.contains("10.204.3.50/24"))

        let clash = try store.berth("run", "--rm", "--network", "fixed", "--ip", "10.204.3.50", "localhost/busybox", "true")
        #expect(clash.status != 0)
        #expect(clash.stderr.contains("IP address 10.204.3.50 is already allocated"))
        let outside = try store.berth("run", "--rm", "--network", "fixed", "--ip", "10.9.9.9", "localhost/busybox", "true")
        #expect(outside.stderr.contains("requested static ip 10.9.9.9 not in any subnet on network fixed"))

        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        _ = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(listener, 1)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let busyPort = UInt16(bigEndian: bound.sin_port)
        let busy = try store.berth("run", "--rm", "--network", "fixed", "-p", "127.0.0.1:\(busyPort):80", "localhost/busybox", "true")
        #expect(busy.status != 0)
        #expect(busy.stderr.contains("address already in use"), "\(busy.stderr)")
        #expect(FileSystem.list(store.runRoot + "/netns").count == 1)

        // By ID prefix: stored under its name.
        let id = try store.berth("network", "inspect", "--format", "{{.ID}}", "fixed").out
        let byID = try store.berth("create", "--name", "byid", "--network", String(id.prefix(12)), "--no-hosts", "localhost/busybox", "sh", "-c", "test ! -e /etc/hosts")
        #expect(byID.status == 0, "\(byID.stderr)")
        #expect(try store.berth("ps", "-a", "--filter", "name=byid", "--format", "{{.Networks}}").out == "fixed")
        #expect(try store.berth("start", "-a", "byid").status == 0)
        #expect(try store.berth("rm", "byid").status == 0)

        let unknown = try store.berth("run", "--rm", "--network", "nosuch", "localhost/busybox", "true")
        #expect(unknown.stderr.contains("unable to find network with name or ID nosuch"))
        let hostPublish = try store.berth("run", "--rm", "--network", "host", "-p", "80", "localhost/busybox", "true")
        #expect(hostPublish.stderr.contains("--publish cannot be used with --network host"))
        #expect(try store.berth("ps", "-a", "-q").out.split(separator: "\n").count == 1)
        #expect(try store.berth("rm", "-f", "-t", "0", "a").status == 0)
        #expect(try leftovers(store, address: "10.204.3.50") == [])
    }

    private func address(_ store: TestStore, _ container: String, _ interface: String) throws -> String? {
        let shown = try store.berth("exec", container, "ip", "-4", "-o", "addr", "show", interface)
        guard shown.status == 0 else { return nil }
        return shown.out.split(separator: " ").first(where: { $0.contains("/") }).map { String($0.split(separator: "/")[0]) }
    }

    private func networkNames(_ store: TestStore, _ container: String) throws -> String {
        try store.berth("inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", container).out
    }

    @Test("as root, a container without --network is on the default bridge network, as in Podman; --network none keeps loopback only")
    func defaultIsBridge() throws {
        let store = try ContainerTestSupport.store("net-default")
        let run = try store.berth("run", "--rm", "localhost/busybox", "sh", "-c", "ip -4 -o addr show eth0")
        #expect(run.status == 0, "\(run.stderr)")
        let subnet = try #require(IPSubnet(try store.berth("network", "inspect", "--format", "{{range .Subnets}}{{.Subnet}}{{end}}", "podman").out))
        let ip = try #require(run.stdout.split(separator: " ").first(where: { $0.contains("/") }).map { String($0.split(separator: "/")[0]) }, "\(run.stdout)")
        #expect(subnet.contains(IPAddress(ip)!))
        let created = try store.berth("create", "--name", "plain", "localhost/busybox", "true")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.NetworkMode}}", "plain").out == "bridge")
        #expect(try networkNames(store, "plain") == "podman")
        let none = try store.berth("run", "--rm", "--network", "none", "localhost/busybox", "cat", "/proc/net/dev")
        #expect(!none.stdout.contains("eth0"))
        #expect(try leftovers(store, address: ip) == [])
    }

    @Test("network connect/disconnect: a running container joins a second network at once (eth1, alias resolvable, /etc/hosts) and leaves it; a stopped one's configuration changes; several --network at once; bad cases refused")
    func connectAndDisconnect() throws {
        let store = try ContainerTestSupport.store("net-connect")
        #expect(try store.berth("network", "create", "--subnet", "10.204.20.0/24", "front").status == 0)
        #expect(try store.berth("network", "create", "back").status == 0)

        // Several networks at once: one interface each, in order.
        let multi = try store.berth("run", "-d", "--name", "multi", "--network", "front", "--network", "back", "localhost/busybox", "sleep", "1000")
        try #require(multi.status == 0, "\(multi.stderr)")
        #expect(try address(store, "multi", "eth0")?.hasPrefix("10.204.20.") == true)
        #expect(try address(store, "multi", "eth1") != nil)
        #expect(try networkNames(store, "multi") == "back front")

        // A running container on the default network joins front with an alias and a static address.
        let web = try store.berth("run", "-d", "--name", "web", "localhost/busybox", "sleep", "1000")
        try #require(web.status == 0, "\(web.stderr)")
        let connected = try store.berth("network", "connect", "--alias", "www", "--ip", "10.204.20.50", "front", "web")
        #expect(connected.status == 0, "\(connected.stderr)")
        #expect(connected.stdout == "")
        #expect(try address(store, "web", "eth1") == "10.204.20.50")
        #expect(try networkNames(store, "web") == "front podman")
        #expect(try store.berth("inspect", "--format", "{{.NetworkSettings.Networks.front.IPAddress}}", "web").out == "10.204.20.50")
        #expect(try store.berth("exec", "web", "cat", "/etc/hosts").stdout.contains("10.204.20.50\t"))
        var answer = ""
        #expect(ContainerTestSupport.eventually(20) {
            answer = (try? store.berth("exec", "multi", "nslookup", "-type=a", "www").stdout) ?? ""
            return answer.contains("Address: 10.204.20.50")
        }, "www from another container on front: \(answer)")
        #expect(try store.berth("exec", "web", "cat", "/etc/resolv.conf").stdout.contains("nameserver 10.204.20.1"))

        let again = try store.berth("network", "connect", "front", "web")
        #expect(again.status == 125)
        #expect(again.stderr.contains("is already connected to network \"front\": network is already connected"), "\(again.stderr)")

        let left = try store.berth("network", "disconnect", "front", "web")
        #expect(left.status == 0, "\(left.stderr)")
        #expect(try address(store, "web", "eth1") == nil)
        #expect(try networkNames(store, "web") == "podman")
        // The others still run (namespaces, front's aardvark); no rule names web's old address, aardvark forgot it.
        #expect(try leftovers(store, address: "10.204.20.50").filter { $0.hasPrefix("rule ") } == [])
        let aardvark = String(decoding: try FileSystem.readFile(store.runRoot + "/networks/aardvark-dns/berth-front"), as: UTF8.self)
        #expect(!aardvark.contains("10.204.20.50"), "\(aardvark)")
        #expect(!(try store.berth("exec", "web", "cat", "/etc/resolv.conf").stdout.contains("nameserver 10.204.20.1")))
        let notThere = try store.berth("network", "disconnect", "front", "web")
        #expect(notThere.status == 125)
        #expect(notThere.stderr.contains("container web is not connected to network front"), "\(notThere.stderr)")

        // A stopped container: its configuration changes, the next start follows it.
        #expect(try store.berth("create", "--name", "cold", "localhost/busybox", "sleep", "1000").status == 0)
        #expect(try store.berth("network", "connect", "front", "cold").status == 0)
        #expect(try store.berth("network", "disconnect", "podman", "cold").status == 0)
        #expect(try networkNames(store, "cold") == "front")
        #expect(try store.berth("start", "cold").status == 0)
        #expect(try address(store, "cold", "eth0")?.hasPrefix("10.204.20.") == true)
        #expect(try address(store, "cold", "eth1") == nil)

        // Only bridge-mode containers join networks (Podman's words); unknown names are errors.
        #expect(try store.berth("create", "--name", "isolated", "--network", "none", "localhost/busybox", "true").status == 0)
        let none = try store.berth("network", "connect", "front", "isolated")
        #expect(none.stderr.contains("\"none\" is not supported: invalid network mode"), "\(none.stderr)")
        #expect(try store.berth("network", "connect", "nosuch", "web").stderr.contains("unable to find network with name or ID nosuch"))
        #expect(try store.berth("network", "connect", "front", "nosuch").stderr.contains("no container with name or ID \"nosuch\" found"))
        let outside = try store.berth("network", "connect", "--ip", "10.9.9.9", "front", "web")
        #expect(outside.stderr.contains("requested static ip 10.9.9.9 not in any subnet on network front"))

        // A network in use goes with its containers under -f.
        #expect(try store.berth("network", "rm", "-f", "-t", "0", "front").status == 0)
        #expect(try store.berth("ps", "-a", "--format", "{{.Names}}").out.split(separator: "\n").sorted() == ["isolated", "web"])
        let ends = try hostEnds(store)
        #expect(!ends.isEmpty, "web's veths")
        #expect(try store.berth("rm", "-a", "-f", "-t", "0").status == 0)
        #expect(gone(ends))
        #expect(FileSystem.list(store.runRoot + "/netns").isEmpty)
    }

    @Test("a connect cut short (its address recorded, netavark never finished) is torn down with the rest by the next release")
    func connectCutShort() throws {
        let store = try ContainerTestSupport.store("net-connect-crash")
        #expect(try store.berth("network", "create", "--subnet", "10.204.21.0/24", "side").status == 0)
        let run = try store.berth("run", "-d", "--name", "c", "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        #expect(try store.berth("network", "connect", "side", "c").status == 0)
        // What the record holds when berth dies between netavark's setup and saving its answer.
        let opened = try store.open()
        let manager = opened.containerManager()
        var c = try manager.load("c")
        c.state.network?.status?[NetworkAttachment.netavarkName("side")] = nil
        try manager.save(c)
        let ip = try #require(try address(store, "c", "eth1"))
        let ends = try hostEnds(store)
        #expect(ends.count == 2, "c's two veths: \(ends)")
        let removed = try store.berth("rm", "-f", "-t", "0", "c")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try leftovers(store, address: ip) == [])
        #expect(gone(ends))
    }
}
