import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Containers: lifecycle under runc and conmon-swift", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ContainerLifecycleTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("run in the foreground prints stdout and stderr and exits with the container's code")
    func foreground() throws {
        let store = try ContainerTestSupport.store("ct-fg")
        let r = try store.berth("run", "--rm", "--network", "none", "localhost/busybox", "sh", "-c", "echo out; echo err >&2; exit 42")
        #expect(r.status == 42)
        #expect(r.stdout == "out\n")
        #expect(r.stderr == "err\n")
        #expect(try store.berth("ps", "-a", "-q").out == "", "--rm removed it")
        #expect(ContainerTestSupport.mounts(under: store.dir) == [])
        #expect(ContainerTestSupport.runtimeContainers(store) == [])
    }

    @Test("run in the foreground streams output while the container runs, not only when it exits")
    func foregroundStreams() throws {
        let store = try ContainerTestSupport.store("ct-stream")
        let gate = store.dir + "/gate"
        try FileSystem.makeDirectories(gate, mode: 0o755)
        // The container waits for a file only the test makes, after it has seen the first line.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EngineTestSupport.berth!)
        process.arguments = store.globalArguments + ["run", "--rm", "--network", "none", "-v", gate + ":/gate", "localhost/busybox", "sh", "-c",
                                                     "echo first; while ! test -e /gate/go; do sleep 0.05; done; echo second >&2; exit 3"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Should the output not come until the exit, the test must fail, not hang: open the gate anyway after 20 s.
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { FileManager.default.createFile(atPath: gate + "/go", contents: nil) }
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("first\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        #expect(String(decoding: seen, as: UTF8.self) == "first\n")
        #expect(!FileManager.default.fileExists(atPath: gate + "/go"), "the first line arrived while the container still waited")
        FileManager.default.createFile(atPath: gate + "/go", contents: nil)
        #expect(EngineTestSupport.waitForExit(process), "berth run did not end after the container's exit")
        #expect(process.terminationStatus == 3)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "second\n")
        #expect(try store.berth("ps", "-a", "-q").out == "", "--rm removed it")
    }

    @Test("--add-host and --dns, --dns-search, --dns-option reach /etc/hosts and /etc/resolv.conf")
    func hostsAndResolver() throws {
        let store = try ContainerTestSupport.store("ct-dns")
        let r = try store.berth("run", "--rm", "--network", "none", "--add-host", "db.internal:192.0.2.10",
                                "--add-host", "v6host:2001:db8::1", "--dns", "192.0.2.53", "--dns-search", "example.test",
                                "--dns-option", "ndots:3", "localhost/busybox", "sh", "-c", "cat /etc/hosts; echo ---; cat /etc/resolv.conf")
        #expect(r.status == 0)
        let parts = r.stdout.components(separatedBy: "---\n")
        let hosts = parts.first ?? ""
        let resolv = parts.count > 1 ? parts[1] : ""
        #expect(hosts.contains("192.0.2.10\tdb.internal\n"))
        #expect(hosts.contains("2001:db8::1\tv6host\n"))
        #expect(resolv.split(separator: "\n").filter { $0.hasPrefix("nameserver") } == ["nameserver 192.0.2.53"])
        #expect(resolv.contains("search example.test\n"))
        #expect(resolv.contains("options ndots:3\n"))
        #expect(try store.berth("run", "--rm", "--add-host", "nocolon", "localhost/busybox", "true").status == 125)
    }

    @Test("wait: --latest waits for the newest container; unsupported conditions and no names are refused")
    func waitOptions() throws {
        let store = try ContainerTestSupport.store("ct-wait")
        #expect(try store.berth("run", "-d", "localhost/busybox", "sh", "-c", "sleep 0.3; exit 4").status == 0)
        let waited = try store.berth("wait", "--latest", "--interval", "10ms")
        #expect(waited.status == 0 && waited.out == "4", "\(waited.stderr)")
        #expect(try store.berth("wait", "--condition", "running", "x").status == 125)
        #expect(try store.berth("wait").status == 125)
    }

    @Test("exit codes 0...255 and signal deaths come back exactly")
    func exitCodes() throws {
        let store = try ContainerTestSupport.store("ct-codes")
        let berth = EngineTestSupport.berth!
        let global = store.globalArguments
        let codes = Array(0...255)
        nonisolated(unsafe) var results = [Int32](repeating: -1, count: codes.count)
        nonisolated(unsafe) var errors: [String] = []
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in stride(from: worker, to: codes.count, by: 4) {
                let r = try? EngineTestSupport.run(berth, global + ["run", "--rm", "localhost/busybox", "sh", "-c", "exit \(codes[i])"])
                lock.lock()
                results[i] = r?.status ?? -1
                if results[i] != Int32(codes[i]) { errors.append("exit \(codes[i]) came back \(results[i]): \(r?.stderr ?? "")") }
                lock.unlock()
            }
        }
        #expect(results == codes.map(Int32.init), "\(errors)")
        // A shell exiting with 128+N is one thing; a container killed by a signal is another.
        #expect(try store.berth("run", "--rm", "localhost/busybox", "sh", "-c", "sh -c 'kill -TERM $$'; exit $?").status == 143)
        // PID 1 of a pid namespace dies only of signals it handles or of SIGKILL
        // from outside: a foreground run killed that way exits 137.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EngineTestSupport.berth!)
        process.arguments = store.globalArguments + ["run", "--rm", "--name", "victim", "localhost/busybox", "sh", "-c",
                                                     "echo ready; while true; do sleep 0.1; done"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        #expect(try ContainerTestSupport.eventually { try store.berth("logs", "victim").stdout == "ready\n" })
        #expect(try store.berth("kill", "victim").status == 0)
        #expect(EngineTestSupport.waitForExit(process), "berth run did not end after kill")
        #expect(process.terminationStatus == 137)
        #expect(try store.berth("ps", "-a", "-q").out == "")
    }

    @Test("run -d, ps, stop with the stop signal, inspect, logs, rm")
    func detached() throws {
        let store = try ContainerTestSupport.store("ct-detach")
        let run = try store.berth("run", "-d", "--name", "web", "localhost/busybox", "sh", "-c",
                                  "trap 'echo bye; exit 7' TERM; echo started; while true; do sleep 0.1; done")
        #expect(run.status == 0, "\(run.stderr)")
        let id = run.out
        #expect(id.count == 64)
        let ps = try store.berth("ps", "--format", "{{.ID}} {{.Names}} {{.State}}")
        #expect(ps.out == "\(id.prefix(12)) web running")
        #expect(try ContainerTestSupport.eventually { try store.berth("logs", "web").stdout == "started\n" })
        let running = try store.berth("inspect", "web", "--format", "{{.State.Status}} {{.State.Running}} {{.Name}} {{.Id}}")
        #expect(running.out == "running true web \(id)")
        let pid = try store.berth("inspect", "web", "--format", "{{.State.Pid}}").out
        #expect(Int32(pid).map { kill($0, 0) == 0 } == true, "the container's init is alive")

        let stop = try store.berth("stop", "web")
        #expect(stop.status == 0 && stop.out == "web")
        let stopped = try store.berth("inspect", "web", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}")
        #expect(stopped.out == "exited 7 false")
        #expect(try store.berth("logs", "web").stdout == "started\nbye\n")
        #expect(try store.berth("ps", "-q").out == "")
        #expect(try store.berth("ps", "-a", "--format", "{{.Status}}").out.hasPrefix("Exited (7)"))
        #expect(ContainerTestSupport.mounts(under: store.dir) == [], "stopped containers are unmounted")

        let rm = try store.berth("rm", "web")
        #expect(rm.status == 0 && rm.out == id)
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(try store.berth("container", "exists", "web").status == 1)
    }

    @Test("create, start, wait; restart; start of a finished container runs it again")
    func createStartWait() throws {
        let store = try ContainerTestSupport.store("ct-create")
        let create = try store.berth("create", "--name", "job", "localhost/busybox", "sh", "-c", "echo ran; exit 3")
        #expect(create.status == 0, "\(create.stderr)")
        #expect(try store.berth("ps", "-a", "--format", "{{.State}}").out == "created")
        #expect(try store.berth("inspect", "job", "--format", "{{.State.Status}}").out == "created")
        #expect(try store.berth("start", "job").out == "job")
        #expect(try store.berth("wait", "job").out == "3")
        #expect(try store.berth("inspect", "job", "--format", "{{.State.ExitCode}}").out == "3")
        #expect(try store.berth("start", "job").status == 0)
        #expect(try store.berth("wait", "job").out == "3")
        #expect(try store.berth("logs", "job").stdout == "ran\nran\n")
        let attached = try store.berth("start", "-a", "job")
        #expect(attached.status == 3 && attached.stdout == "ran\n")
        #expect(try store.berth("rm", "job").status == 0)
        #expect(ContainerTestSupport.mounts(under: store.dir) == [])
    }

    @Test("rm: running needs -f (exit 2), missing is exit 1, -i ignores it; --replace and --cidfile")
    func removal() throws {
        let store = try ContainerTestSupport.store("ct-rm")
        #expect(try store.berth("run", "-d", "--name", "a", "localhost/busybox", "sleep", "1000").status == 0)
        let refused = try store.berth("rm", "a")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("cannot remove container"))
        #expect(try store.berth("rm", "nope").status == 1)
        #expect(try store.berth("rm", "-i", "nope").status == 0)
        let replaced = try store.berth("run", "-d", "--replace", "--name", "a", "--stop-timeout", "0", "localhost/busybox", "sleep", "1000")
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try store.berth("ps", "-a", "-q", "--no-trunc").out == replaced.out)
        let cidfile = store.dir + "/cid"
        #expect(try store.berth("create", "--cidfile", cidfile, "localhost/busybox", "true").status == 0)
        let fromFile = String(decoding: try FileSystem.readFile(cidfile), as: UTF8.self)
        #expect(try store.berth("rm", "--cidfile", cidfile).out == fromFile)
        let forced = try store.berth("rm", "-f", "-t", "0", "a")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(ContainerTestSupport.mounts(under: store.dir) == [])
        #expect(ContainerTestSupport.runtimeContainers(store) == [])
    }

    @Test("kill sends the signal; killing a stopped container is an error; --rm -d containers go away on exit")
    func killAndAutoRemove() throws {
        let store = try ContainerTestSupport.store("ct-kill")
        #expect(try store.berth("run", "-d", "--name", "k", "localhost/busybox", "sh", "-c",
                                "trap 'echo usr1; exit 9' USR1; echo ready; while true; do sleep 0.1; done").status == 0)
        #expect(try ContainerTestSupport.eventually { try store.berth("logs", "k").stdout == "ready\n" })
        #expect(try store.berth("kill", "-s", "USR1", "k").out == "k")
        #expect(try store.berth("wait", "k").out == "9")
        #expect(try store.berth("kill", "k").status == 125)
        let auto = try store.berth("run", "-d", "--rm", "--name", "auto", "localhost/busybox", "sh", "-c", "sleep 0.2")
        #expect(auto.status == 0)
        #expect(try ContainerTestSupport.eventually { try store.berth("container", "exists", "auto").status == 1 })
        #expect(try ContainerTestSupport.eventually { ContainerTestSupport.mounts(under: store.dir).isEmpty })
    }

    @Test("exec runs in the container with its environment and returns the exit code")
    func exec() throws {
        let store = try ContainerTestSupport.store("ct-exec")
        #expect(try store.berth("run", "-d", "--name", "e", "-e", "FOO=bar", "localhost/busybox", "sleep", "1000").status == 0)
        #expect(try store.berth("exec", "e", "sh", "-c", "echo $FOO; hostname").stdout == "bar\n\(try store.berth("inspect", "e", "--format", "{{.Config.Hostname}}").out)\n")
        #expect(try store.berth("exec", "e", "sh", "-c", "exit 5").status == 5)
        #expect(try store.berth("exec", "-u", "nobody", "e", "id", "-u").out == "65534")
        #expect(try store.berth("exec", "-w", "/tmp", "e", "sh", "-c", "pwd").out == "/tmp")
        #expect(try store.berth("exec", "-i", "e", "cat", stdin: Data("piped\n".utf8)).stdout == "piped\n")
        #expect(try store.berth("rm", "-f", "-t", "0", "e").status == 0)
    }

    @Test("Podman's defaults: capabilities, seccomp, masked paths, no-new-privileges, read-only root")
    func securityDefaults() throws {
        let store = try ContainerTestSupport.store("ct-sec")
        let status = try store.berth("run", "--rm", "localhost/busybox", "cat", "/proc/self/status").stdout
        func field(_ text: String, _ name: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix(name + ":") }.map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
        }
        #expect(field(status, "CapEff") == "00000000800405fb", "Podman's default capability set")
        #expect(field(status, "CapBnd") == "00000000800405fb")
        #expect(field(status, "Seccomp") == "2", "the containers-common seccomp filter")
        #expect(field(status, "NoNewPrivs") == "0")
        let nnp = try store.berth("run", "--rm", "--security-opt", "no-new-privileges", "--cap-drop", "all", "--cap-add", "net_raw",
                                  "localhost/busybox", "cat", "/proc/self/status").stdout
        #expect(field(nnp, "NoNewPrivs") == "1")
        #expect(field(nnp, "CapEff") == "0000000000002000")
        #expect(field(try store.berth("run", "--rm", "--security-opt", "seccomp=unconfined", "localhost/busybox", "cat", "/proc/self/status").stdout, "Seccomp") == "0")
        #expect(try store.berth("run", "--rm", "localhost/busybox", "sh", "-c", "wc -c < /proc/timer_list").out == "0", "masked")
        #expect(try store.berth("run", "--rm", "localhost/busybox", "sh", "-c", "echo 1 > /proc/sys/kernel/domainname").status != 0, "read-only")
        #expect(try store.berth("run", "--rm", "--read-only", "localhost/busybox", "touch", "/x").status != 0)
        #expect(try store.berth("run", "--rm", "--read-only", "localhost/busybox", "touch", "/tmp/x").status == 0)
        #expect(try store.berth("run", "--rm", "-u", "nobody", "localhost/busybox", "id", "-u").out == "65534")
        let limits = try store.berth("run", "--rm", "--ulimit", "nofile=512:512", "localhost/busybox", "sh", "-c", "ulimit -n").out
        #expect(limits == "512")
    }

    @Test("--network none has only loopback; --network host sees the host's interfaces; an unknown network is refused clearly")
    func networks() throws {
        let store = try ContainerTestSupport.store("ct-net")
        let none = try store.berth("run", "--rm", "--network", "none", "localhost/busybox", "cat", "/proc/net/dev").stdout
        let interfaces = none.split(separator: "\n").dropFirst(2).map { $0.split(separator: ":")[0].trimmingCharacters(in: .whitespaces) }
        #expect(interfaces == ["lo"])
        let hostDev = String(decoding: try FileSystem.readFile("/proc/net/dev"), as: UTF8.self)
        let host = try store.berth("run", "--rm", "--network", "host", "localhost/busybox", "cat", "/proc/net/dev").stdout
        // Containers on bridge networks (other tests') add and remove veths and bridges meanwhile.
        func stableNames(_ dev: String) -> Set<String> {
            Set(dev.split(separator: "\n").dropFirst(2).map { $0.split(separator: ":")[0].trimmingCharacters(in: .whitespaces) }
                .filter { !$0.hasPrefix("veth") && !$0.hasPrefix("berth") && !$0.hasPrefix("podman") })
        }
        #expect(stableNames(host) == stableNames(hostDev))
        #expect(stableNames(host).count > 1)
        let bridge = try store.berth("run", "--rm", "--network", "mynet", "localhost/busybox", "true")
        #expect(bridge.status == 125)
        #expect(bridge.stderr.contains("unable to find network with name or ID mynet: network not found"))
    }

    @Test("named volumes persist data, binds honour :ro, --tmpfs and --mount work; inspect lists mounts")
    func volumes() throws {
        let store = try ContainerTestSupport.store("ct-vol")
        #expect(try store.berth("run", "--rm", "-v", "data:/data", "localhost/busybox", "sh", "-c", "echo kept > /data/f").status == 0)
        #expect(try store.berth("run", "--rm", "-v", "data:/data:ro", "localhost/busybox", "cat", "/data/f").stdout == "kept\n")
        let host = store.dir + "/host"
        try FileSystem.makeDirectories(host)
        try Data("from host\n".utf8).write(to: URL(fileURLWithPath: host + "/h"))
        #expect(try store.berth("run", "--rm", "-v", host + ":/h:ro,z", "localhost/busybox", "cat", "/h/h").stdout == "from host\n")
        #expect(try store.berth("run", "--rm", "-v", host + ":/h:ro", "localhost/busybox", "touch", "/h/x").status != 0)
        #expect(try store.berth("run", "--rm", "--mount", "type=bind,source=\(host),destination=/m", "localhost/busybox", "touch", "/m/new").status == 0)
        #expect(FileSystem.exists(host + "/new"))
        #expect(try store.berth("run", "--rm", "--tmpfs", "/scratch", "localhost/busybox", "sh", "-c", "grep ' /scratch ' /proc/mounts | cut -d' ' -f3").out == "tmpfs")
        #expect(try store.berth("create", "--name", "m", "-v", "data:/data", "localhost/busybox", "true").status == 0)
        let mounts = try store.berth("inspect", "m", "--format", "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}}{{end}}")
        #expect(mounts.out == "volume data /data")
        #expect(ContainerTestSupport.mounts(under: store.dir).allSatisfy { !$0.contains("/volumes/") })
    }

    @Test("logs: --tail, -t, stderr apart, journald with CONTAINER_NAME")
    func logs() throws {
        let store = try ContainerTestSupport.store("ct-logs")
        #expect(try store.berth("run", "--name", "l", "localhost/busybox", "sh", "-c", "for i in 1 2 3 4; do echo line$i; done; echo oops >&2").status == 0)
        let all = try store.berth("logs", "l")
        #expect(all.stdout == "line1\nline2\nline3\nline4\n")
        #expect(all.stderr == "oops\n")
        let tail = try store.berth("logs", "--tail", "2", "l")
        #expect(tail.stdout == "line4\n" && tail.stderr == "oops\n", "the last two lines of both streams")
        let stamped = try store.berth("logs", "-t", "l").stdout.split(separator: "\n")
        #expect(stamped.count == 4 && stamped.allSatisfy { $0.contains("T") && $0.hasSuffix("line" + String($0.last!)) })
        if FileManager.default.fileExists(atPath: "/run/systemd/journal/socket") {
            let name = "jl-" + FileSystem.randomHex(4)
            #expect(try store.berth("run", "--name", name, "--log-driver", "journald", "localhost/busybox", "echo", "to the journal").status == 0)
            #expect(try ContainerTestSupport.eventually(10) { try store.berth("logs", name).stdout == "to the journal\n" })
        }
    }

    @Test("logs of several containers: each line starts with the short ID, or with --names the name; one container's lines stay bare")
    func logsNames() throws {
        let store = try ContainerTestSupport.store("ct-logs-names")
        let first = try store.berth("run", "--name", "first", "localhost/busybox", "sh", "-c", "echo one; echo two")
        let second = try store.berth("run", "--name", "second", "localhost/busybox", "sh", "-c", "echo three >&2")
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        let ids = try ["first", "second"].map { try store.berth("inspect", "--format", "{{.Id}}", $0).out.prefix(12) }

        let named = try store.berth("logs", "--names", "first", "second")
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout == "first one\nfirst two\n")
        #expect(named.stderr == "second three\n")
        let short = try store.berth("logs", "-n", "-t", "first", "second").stdout.split(separator: "\n")
        #expect(short.count == 2 && short.allSatisfy { $0.hasPrefix("first 20") }, "the name comes before the time: \(short)")
        let byID = try store.berth("logs", "first", "second")
        #expect(byID.stdout == "\(ids[0]) one\n\(ids[0]) two\n")
        #expect(byID.stderr == "\(ids[1]) three\n")
        #expect(try store.berth("logs", "--names", "first").stdout == "one\ntwo\n", "Podman names only several containers' lines")
    }

    @Test("container cleanup and prune leave no mounts or runtime state behind")
    func cleanupAndPrune() throws {
        let store = try ContainerTestSupport.store("ct-prune")
        for i in 0..<3 { #expect(try store.berth("run", "--name", "p\(i)", "localhost/busybox", "true").status == 0) }
        #expect(try store.berth("run", "-d", "--name", "alive", "localhost/busybox", "sleep", "1000").status == 0)
        #expect(try store.berth("container", "cleanup", "p0").status == 0)
        let pruned = try store.berth("container", "prune", "-f")
        #expect(pruned.out.split(separator: "\n").count == 3)
        #expect(try store.berth("ps", "-a", "--format", "{{.Names}}").out == "alive")
        #expect(try store.berth("rm", "-f", "-t", "0", "alive").status == 0)
        #expect(ContainerTestSupport.mounts(under: store.dir) == [])
        #expect(ContainerTestSupport.runtimeContainers(store) == [])
        #expect(FileSystem.list(store.runRoot + "/containers") == [])
    }

    @Test("limits the user asked for fail clearly where the cgroup has no controller for them")
    func unavailableLimits() throws {
        guard CgroupInfo.isUnified, !CgroupInfo.availableControllers().contains("memory") else { return }
        let store = try ContainerTestSupport.store("ct-limits")
        let r = try store.berth("run", "--rm", "--memory", "64m", "localhost/busybox", "true")
        #expect(r.status == 125)
        #expect(r.stderr.contains("memory controller"))
    }
}
