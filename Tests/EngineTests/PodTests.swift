import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// Pods: an infra container from the locally built catatonit image holds
/// the shared namespaces; members join them. `--network none` pods keep
/// these tests off netavark (the system tests publish a pod's port).
@Suite("Engine: pods and joined namespaces",
       .enabled(if: ContainerTestSupport.canRunContainers && FileManager.default.isExecutableFile(atPath: "/usr/bin/catatonit"),
                "needs root, runc, busybox-static, catatonit and the built berth and conmon-swift"))
struct PodTests {
    private func ok(_ r: EngineTestSupport.Result, _ what: String = "") -> Bool {
        if r.status != 0 { Issue.record("\(what): exit \(r.status): \(r.stderr)") }
        return r.status == 0
    }

    @Test("members share the pod's network, uts and ipc namespaces: one reaches the other over localhost and sees the pod's hostname")
    func membersShareNamespaces() throws {
        let store = try ContainerTestSupport.store("pod-share")
        let created = try store.berth("pod", "create", "--name", "stack", "--network", "none", "--hostname", "podhost", "--label", "tier=web")
        try #require(ok(created, "pod create"))
        let podID = created.out
        #expect(podID.count == 64)
        #expect(try store.berth("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}}").out == "stack Created 1")
        try #require(ok(try store.berth("run", "-d", "--pod", "stack", "--name", "srv", "localhost/busybox",
                                        "sh", "-c", "mkdir -p /www && echo from-srv > /www/index.html && exec httpd -f -p 8080 -h /www"), "run srv"))
        var answer = ""
        #expect(ContainerTestSupport.eventually(20) {
            answer = (try? store.berth("run", "--rm", "--pod", "stack", "localhost/busybox", "wget", "-q", "-O", "-", "http://127.0.0.1:8080/").stdout) ?? ""
            return answer == "from-srv\n"
        }, "wget over the pod's localhost: \(answer.debugDescription)")
        #expect(try store.berth("exec", "srv", "hostname").out == "podhost")
        let infra = try store.berth("pod", "inspect", "--format", "{{.InfraContainerID}}", "stack").out
        // The infra image has no shell: its namespaces are compared through the host's /proc.
        for ns in ["net", "uts", "ipc"] {
            let member = try store.berth("exec", "srv", "readlink", "/proc/self/ns/" + ns).out
            let infraPid = try store.berth("inspect", "--format", "{{.State.Pid}}", infra).out
            let infraNS = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(infraPid)/ns/" + ns)
            #expect(member == infraNS, "\(ns) namespace")
        }
        let srvPid = try store.berth("inspect", "--format", "{{.State.Pid}}", "srv").out
        let pidNS = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(srvPid)/ns/pid")
        #expect(pidNS != (try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")))
        #expect(try store.berth("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}} {{.Labels}}").out == "stack Running 2 map[tier:web]")
        #expect(try store.berth("ps", "--pod", "--format", "{{.Names}} {{.PodName}} {{.IsInfra}}").out
                == "srv stack false\n\(String(podID.prefix(12)))-infra stack true")
        #expect(try store.berth("inspect", "--format", "{{.Pod}}", "srv").out == podID)
        let table = try store.berth("ps", "--pod").stdout.split(separator: "\n")
        #expect(table.first?.hasSuffix("POD ID        PODNAME") == true, "\(table)")
        let inspect = try JSONSerialization.jsonObject(with: Data(try store.berth("pod", "inspect", "stack").stdout.utf8)) as! [String: Any]
        #expect(inspect["Name"] as? String == "stack")
        #expect(inspect["SharedNamespaces"] as? [String] == ["ipc", "net", "uts"])
        #expect(inspect["NumContainers"] as? Int == 2)
        #expect(inspect["ExitPolicy"] as? String == "continue")
        #expect(try store.berth("pod", "top", "stack").stdout.contains("httpd -f -p 8080"))

        try #require(ok(try store.berth("pod", "stop", "-t", "1", "stack"), "pod stop"))
        #expect(try store.berth("pod", "ps", "--format", "{{.Status}}").out == "Exited")
        #expect(try store.berth("ps", "--format", "{{.Names}}").out == "")
        try #require(ok(try store.berth("pod", "start", "stack"), "pod start"))
        #expect(try store.berth("ps", "--format", "{{.Names}}").out.split(separator: "\n").sorted() == ["srv", "\(podID.prefix(12))-infra"].sorted())
        // --latest: the pod created last.
        try #require(ok(try store.berth("pod", "stop", "-t", "1", "stack"), "pod stop"))
        #expect(try store.berth("pod", "start", "--latest").out == podID)
        #expect(try store.berth("pod", "ps", "--format", "{{.Status}}").out == "Running")
        #expect(try store.berth("pod", "start", "--latest", "stack").status != 0)
        #expect(try store.berth("pod", "inspect", "--latest", "--format", "{{.Name}}").out == "stack")
        #expect(try store.berth("pod", "ps", "-q", "--filter", "label=").stdout == "", "a label filter without a name matches nothing")

        let refused = try store.berth("pod", "rm", "stack")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("cannot be removed without force"))
        let infraRemoval = try store.berth("rm", "-f", infra)
        #expect(infraRemoval.status != 0)
        #expect(infraRemoval.stderr.contains("is the infra container of pod"))
        try #require(ok(try store.berth("pod", "rm", "-f", "-t", "1", "stack"), "pod rm -f"))
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(try store.berth("pod", "exists", "stack").status == 1)
    }

    @Test("--network, --ipc and --uts container:NAME join a plain container's namespaces; that container cannot be removed while they exist")
    func joinContainer() throws {
        let store = try ContainerTestSupport.store("pod-join")
        try #require(ok(try store.berth("run", "-d", "--name", "holder", "--network", "none", "--hostname", "holderhost", "localhost/busybox",
                                        "sh", "-c", "mkdir -p /www && echo held > /www/index.html && exec httpd -f -p 8081 -h /www"), "run holder"))
        let joined = try store.berth("run", "--rm", "--network", "container:holder", "--uts", "container:holder", "--ipc", "container:holder",
                                     "localhost/busybox", "sh", "-c", "hostname; sleep 0.3; wget -q -O - http://127.0.0.1:8081/")
        #expect(joined.stdout == "holderhost\nheld\n", "\(joined.stderr)")
        // ns:PATH names a namespace by path; --pid container: shares the process list.
        let holderPid = try store.berth("inspect", "--format", "{{.State.Pid}}", "holder").out
        let byPath = try store.berth("run", "--rm", "--network", "ns:/proc/\(holderPid)/ns/net", "--pid", "container:holder",
                                     "localhost/busybox", "sh", "-c", "wget -q -O - http://127.0.0.1:8081/; ps -o args")
        #expect(byPath.stdout.hasPrefix("held\n"), "\(byPath.stderr)")
        #expect(byPath.stdout.contains("httpd -f -p 8081"), "\(byPath.stdout)")
        try #require(ok(try store.berth("create", "--name", "joiner", "--network", "container:holder", "localhost/busybox", "true"), "create joiner"))
        let holderID = try store.berth("inspect", "--format", "{{.Id}}", "holder").out
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.NetworkMode}}", "joiner").out == "container:" + holderID)
        let refused = try store.berth("rm", "-f", "holder")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("has dependent containers which must be removed before it"))
        // The joiner starts the container it joins, as Podman starts dependencies.
        try #require(ok(try store.berth("stop", "-t", "0", "holder"), "stop holder"))
        try #require(ok(try store.berth("start", "joiner"), "start joiner"))
        #expect(try store.berth("inspect", "--format", "{{.State.Status}}", "holder").out == "running")
        try #require(ok(try store.berth("rm", "-f", "joiner"), "rm joiner"))
        try #require(ok(try store.berth("rm", "-f", "-t", "0", "holder"), "rm holder"))
        let unknown = try store.berth("create", "--network", "container:nosuch", "localhost/busybox", "true")
        #expect(unknown.status == 125)
        #expect(unknown.stderr.contains("nosuch"))
        #expect(try store.berth("ps", "-a", "-q").out == "")
    }

    @Test("rm --depend removes the containers joining a container's namespaces, theirs first, then it; on an infra container, the whole pod")
    func removeDepend() throws {
        let store = try ContainerTestSupport.store("pod-depend")
        try #require(ok(try store.berth("run", "-d", "--name", "holder", "--network", "none", "localhost/busybox", "sleep", "1000"), "run holder"))
        try #require(ok(try store.berth("create", "--name", "mid", "--network", "container:holder", "localhost/busybox", "true"), "create mid"))
        try #require(ok(try store.berth("create", "--name", "leaf", "--ipc", "container:mid", "localhost/busybox", "true"), "create leaf"))
        try #require(ok(try store.berth("create", "--name", "apart", "--network", "none", "localhost/busybox", "true"), "create apart"))
        let ids = try ["leaf", "mid", "holder", "apart"].map { try store.berth("inspect", "--format", "{{.Id}}", $0).out }

        let running = try store.berth("rm", "--depend", "holder")
        #expect(running.status == 2, "holder runs: -f is needed, as without --depend")
        #expect(running.stdout == ids[0] + "\n" + ids[1] + "\n", "the stopped dependents went first")
        let removed = try store.berth("rm", "--depend", "-f", "-t", "0", "holder")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout == ids[2] + "\n")
        #expect(try store.berth("ps", "-a", "-q", "--no-trunc").out == ids[3], "a container that joins nothing stays")

        try #require(ok(try store.berth("pod", "create", "--name", "group", "--network", "none"), "pod create"))
        try #require(ok(try store.berth("create", "--pod", "group", "--name", "member", "localhost/busybox", "true"), "create member"))
        let infra = try store.berth("pod", "inspect", "--format", "{{.InfraContainerID}}", "group").out
        let member = try store.berth("inspect", "--format", "{{.Id}}", "member").out
        let pod = try store.berth("rm", "--depend", infra)
        #expect(pod.status == 0, "\(pod.stderr)")
        #expect(pod.stdout == member + "\n" + infra + "\n")
        #expect(try store.berth("pod", "exists", "group").status == 1)
        #expect(try store.berth("ps", "-a", "-q", "--no-trunc").out == ids[3])
    }

    @Test("bad input: an unknown pod, a taken name, --pod with --network or -p: a clear error and nothing recorded")
    func badInput() throws {
        let store = try ContainerTestSupport.store("pod-bad")
        let unknown = try store.berth("run", "--pod", "nosuch", "localhost/busybox", "true")
        #expect(unknown.status == 125)
        #expect(unknown.stderr.contains("no pod with name or ID nosuch found: no such pod"))
        #expect(try store.berth("pod", "start", "nosuch").stderr.contains("no such pod"))
        try #require(ok(try store.berth("pod", "create", "--network", "none", "p1"), "pod create"))
        let taken = try store.berth("pod", "create", "--network", "none", "--name", "p1")
        #expect(taken.status == 125)
        #expect(taken.stderr.contains("name \"p1\" is in use: pod already exists"))
        let network = try store.berth("create", "--pod", "p1", "--network", "host", "localhost/busybox", "true")
        #expect(network.stderr.contains("network cannot be configured when it is shared with a pod"), "\(network.stderr)")
        let publish = try store.berth("create", "--pod", "p1", "-p", "8080:80", "localhost/busybox", "true")
        #expect(publish.stderr.contains("published or exposed ports must be defined when the pod is created"), "\(publish.stderr)")
        let share = try store.berth("pod", "create", "--share", "bogus")
        #expect(share.stderr.contains("invalid kernel namespace to share: bogus"))
        let policy = try store.berth("pod", "create", "--exit-policy", "sometimes")
        #expect(policy.stderr.contains("invalid pod exit policy"))
        #expect(try store.berth("pod", "ps", "-q").out.split(separator: "\n").count == 1)
        #expect(try store.berth("ps", "-a", "--format", "{{.Names}}").out == "\(try store.berth("pod", "ps", "-q").out)-infra")
        // --replace takes the name over; --pod-id-file names the pod for its members.
        let idFile = store.dir + "/pod.id"
        let replaced = try store.berth("pod", "create", "--replace", "--network", "none", "--pod-id-file", idFile, "--name", "p1")
        try #require(ok(replaced, "pod create --replace"))
        try #require(ok(try store.berth("create", "--pod-id-file", idFile, "--name", "member", "localhost/busybox", "true"), "create --pod-id-file"))
        #expect(try store.berth("inspect", "--format", "{{.Pod}}", "member").out == replaced.out)
        try #require(ok(try store.berth("pod", "rm", "--pod-id-file", idFile), "pod rm --pod-id-file"))
        #expect(try store.berth("ps", "-a", "-q").out == "")
    }

    @Test("--userns on a pod: refused while it shares ipc or pid; with --share net,uts its members run with the infra container's ids (auto allocated once)")
    func podUserNamespace() throws {
        let store = try ContainerTestSupport.store("pod-userns")
        chmod(store.dir, 0o711)
        for file in ["subuid", "subgid"] {
            try Data("containers:300000:200000\n".utf8).write(to: URL(fileURLWithPath: store.dir + "/" + file))
        }
        func berth(_ arguments: String...) throws -> EngineTestSupport.Result {
            try EngineTestSupport.run("/usr/bin/env", ["BERTH_SUBUID_FILE=\(store.dir)/subuid", "BERTH_SUBGID_FILE=\(store.dir)/subgid",
                                                      EngineTestSupport.berth!] + store.globalArguments + arguments)
        }
        func uidMap(_ container: String) throws -> [Substring] {
            let pid = try store.berth("inspect", "--format", "{{.State.Pid}}", container).out
            return try String(contentsOfFile: "/proc/\(pid)/uid_map", encoding: .utf8).split(whereSeparator: \.isWhitespace)
        }
        let refused = try berth("pod", "create", "--name", "shared", "--network", "none", "--userns", "auto")
        #expect(refused.status == 125 && refused.stderr.contains("not supported yet for a pod that shares ipc"), "\(refused.stderr)")
        #expect(try store.berth("pod", "ps", "-q").out == "")
        try #require(ok(try berth("pod", "create", "--name", "plain", "--network", "none"), "pod create"))
        let member = try berth("create", "--pod", "plain", "--uidmap", "0:100000:65536", "localhost/busybox", "true")
        #expect(member.status == 125 && member.stderr.contains("--share net,uts"), "\(member.stderr)")

        try #require(ok(try berth("pod", "create", "--name", "mapped", "--network", "none", "--share", "net,uts", "--userns", "auto"), "pod create"))
        for name in ["m1", "m2"] {
            try #require(ok(try berth("run", "-d", "--pod", "mapped", "--name", name, "localhost/busybox", "sleep", "1000"), "run \(name)"))
        }
        let infra = try store.berth("pod", "inspect", "--format", "{{.InfraContainerID}}", "mapped").out
        let infraMap = try uidMap(infra)
        #expect(infraMap.count == 3 && infraMap.first == "0" && (Int(infraMap[1]) ?? 0) >= 300000, "\(infraMap)")
        #expect(try uidMap("m1") == infraMap)
        #expect(try uidMap("m2") == infraMap)
        try #require(ok(try store.berth("pod", "rm", "-f", "-t", "0", "mapped"), "pod rm"))
    }

    @Test("--exit-policy stop: the pod stops when its last member exits; the infra monitor's pid goes to --infra-conmon-pidfile")
    func exitPolicyStop() throws {
        let store = try ContainerTestSupport.store("pod-exit")
        let pidfile = store.dir + "/infra.pid"
        try #require(ok(try store.berth("pod", "create", "--network", "none", "--exit-policy", "stop", "--infra-conmon-pidfile", pidfile,
                                        "--infra-name", "ex-infra", "ex"), "pod create"))
        try #require(ok(try store.berth("pod", "start", "ex"), "pod start"))
        let monitor = String(decoding: try FileSystem.readFile(pidfile), as: UTF8.self)
        #expect(monitor == (try store.berth("inspect", "--format", "{{.State.ConmonPid}}", "ex-infra").out))
        #expect(kill(pid_t(monitor) ?? 0, 0) == 0, "the monitor named in the pid file runs")
        // Each member exits when the test says so (a file in a shared directory).
        let gate = store.dir + "/gate"
        try FileSystem.makeDirectories(gate)
        for (name, file) in [("short1", "short"), ("long1", "long")] {
            try #require(ok(try store.berth("run", "-d", "--pod", "ex", "--name", name, "-v", gate + ":/gate", "localhost/busybox",
                                            "sh", "-c", "while [ ! -e /gate/\(file) ]; do sleep 0.05; done"), "run \(name)"))
        }
        FileManager.default.createFile(atPath: gate + "/short", contents: nil)
        #expect(ContainerTestSupport.eventually(20) {
            (try? store.berth("inspect", "--format", "{{.State.Status}}", "short1").out) == "exited"
        })
        #expect(try store.berth("inspect", "--format", "{{.State.Status}}", "ex-infra").out == "running", "one member still runs")
        FileManager.default.createFile(atPath: gate + "/long", contents: nil)
        #expect(ContainerTestSupport.eventually(20) {
            (try? store.berth("pod", "ps", "--format", "{{.Status}}").out) == "Exited"
        }, "the pod stopped after its last member")
        #expect(try store.berth("pod", "rm", "ex").status == 0)
    }

    @Test("a pod whose create or remove a killed berth left half done is finished off by the next command")
    func repairHalfDone() throws {
        let store = try ContainerTestSupport.store("pod-repair")
        // A create killed after recording the pod, before its infra container existed.
        let opened = try store.open()
        let config = try JSONEncoder().encode(PodConfiguration())
        try opened.database.write { db in
            try PodRecord(id: FileSystem.randomHex(32), name: "half", created: Timestamp.now(), infraId: FileSystem.randomHex(32),
                          phase: .creating, config: config).insert(db)
        }
        // A remove killed after marking the pod, before its containers went.
        try #require(ok(try store.berth("pod", "create", "--network", "none", "--infra-name", "gone-infra", "gone"), "pod create"))
        try #require(ok(try store.berth("create", "--pod", "gone", "--name", "gone-member", "localhost/busybox", "true"), "create member"))
        try opened.database.write { db in try db.execute(sql: "UPDATE pod SET phase = 'removing' WHERE name = 'gone'") }

        #expect(try store.berth("pod", "ps", "--format", "{{.Name}}").out == "")
        #expect(try store.berth("ps", "-a", "--format", "{{.Names}}").out == "")
        #expect(try opened.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pod") } == 0)
        try #require(ok(try store.berth("pod", "create", "--network", "none", "half"), "the name is free again"))
        try #require(ok(try store.berth("pod", "rm", "half"), "pod rm"))
    }

    @Test("a pod configuration written by this version decodes; missing fields take their defaults")
    func configurationDecodes() throws {
        let full = #"{"schemaVersion":1,"labels":{"a":"b"},"share":["ipc","net","uts","pid"],"exitPolicy":"stop","hostname":"h","mounts":[],"createCommand":["berth","pod","create"]}"#
        let decoded = try JSONDecoder().decode(PodConfiguration.self, from: Data(full.utf8))
        #expect(decoded.share == [.ipc, .net, .uts, .pid])
        #expect(decoded.exitPolicy == .stop)
        #expect(decoded.labels == ["a": "b"])
        let empty = try JSONDecoder().decode(PodConfiguration.self, from: Data("{}".utf8))
        #expect(empty.share == PodNamespace.defaults)
        #expect(empty.exitPolicy == .continue)
        #expect(empty.schemaVersion == 0)
        #expect(try PodNamespace.parse("+pid") == [.ipc, .net, .uts, .pid])
        #expect(try PodNamespace.parse("none") == [])
    }
}
