import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// Podman's `run`/`create` flags for the process, its environment, its
/// namespaces and identity, checked from inside the running container.
@Suite("CLI: run flags with Podman's semantics", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct RunFlagParityTests {
    @Test("--oom-score-adj is the container process's oom_score_adj; inspect shows it; out of range is refused")
    func oomScoreAdj() throws {
        let store = try ContainerTestSupport.store("ct-oom")
        let run = try store.berth("run", "--name", "o", "--network", "none", "--oom-score-adj", "613", "localhost/busybox", "cat", "/proc/self/oom_score_adj")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "613\n")
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.OomScoreAdj}}", "o").stdout == "613\n")

        // Without the flag the container keeps berth's own value, as Podman does.
        let own = try String(contentsOfFile: "/proc/self/oom_score_adj", encoding: .utf8)
        let inherited = try store.berth("run", "--rm", "--network", "none", "localhost/busybox", "cat", "/proc/self/oom_score_adj")
        #expect(inherited.stdout == own)

        for bad in ["1001", "-1001"] {
            let refused = try store.berth("create", "--oom-score-adj", bad, "localhost/busybox", "true")
            #expect(refused.status == 125)
            #expect(refused.stderr.contains("oom_score_adj must be between -1000 and 1000"), "\(refused.stderr)")
        }
        #expect(try store.berth("ps", "-aq").stdout.split(separator: "\n").count == 1)
    }

    /// The store, plus `localhost/envimg` whose config sets PATH and GREETING.
    private func storeWithEnvImage(_ tag: String) throws -> TestStore {
        let store = try ContainerTestSupport.store(tag)
        let tar = try ContainerTestSupport.tarball(in: store.dir)
        let imported = try store.berth("import", "--change", "ENV PATH=/bin:/img", "--change", "ENV GREETING=hello", tar, "localhost/envimg")
        try #require(imported.status == 0, "\(imported.stderr)")
        return store
    }

    private func environment(_ result: EngineTestSupport.Result) -> [String] {
        result.stdout.split(whereSeparator: \.isNewline).map(String.init).sorted()
    }

    @Test("--unsetenv drops an image variable and a default; -e still sets it")
    func unsetenv() throws {
        let store = try storeWithEnvImage("ct-unsetenv")
        let run = try store.berth("run", "--rm", "--network", "none", "-t", "--unsetenv", "GREETING", "--unsetenv", "TERM", "--unsetenv", "container",
                                  "localhost/envimg", "/bin/env")
        #expect(run.status == 0, "\(run.stderr)")
        let env = environment(run).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(!env.contains { $0.hasPrefix("GREETING=") || $0.hasPrefix("TERM=") || $0.hasPrefix("container=") }, "\(env)")
        #expect(env.contains("PATH=/bin:/img"), "\(env)")

        let again = try store.berth("run", "--rm", "--network", "none", "--unsetenv", "GREETING", "-e", "GREETING=flag", "localhost/envimg", "/bin/env")
        #expect(environment(again).contains("GREETING=flag"), "\(again.stdout)")
    }

    @Test("--unsetenv-all leaves only -e and HOME: no PATH, TERM, container, HOSTNAME, nor the image's")
    func unsetenvAll() throws {
        let store = try storeWithEnvImage("ct-unsetenv-all")
        let run = try store.berth("run", "--rm", "--network", "none", "--http-proxy=false", "--unsetenv-all", "-e", "ONLY=me", "localhost/envimg", "/bin/env")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(environment(run) == ["HOME=/root", "ONLY=me"], "\(run.stdout)")
    }

    @Test("--env-merge expands the image's value (and the default PATH when the image has none); a missing = is refused")
    func envMerge() throws {
        let store = try storeWithEnvImage("ct-env-merge")
        let run = try store.berth("run", "--rm", "--network", "none", "--env-merge", "PATH=/x:${PATH}", "--env-merge", "GREETING=${GREETING} world",
                                  "localhost/envimg", "/bin/env")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(environment(run).contains("PATH=/x:/bin:/img"), "\(run.stdout)")
        #expect(environment(run).contains("GREETING=hello world"), "\(run.stdout)")

        let plain = try store.berth("run", "--rm", "--network", "none", "--env-merge", "PATH=/x:$PATH", "localhost/busybox", "/bin/env")
        #expect(environment(plain).contains("PATH=/x:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), "\(plain.stdout)")

        let refused = try store.berth("create", "--env-merge", "NOEQUALS", "localhost/busybox", "true")
        #expect(refused.status == 125)
        #expect(refused.stderr.contains("missing `=` for --env-merge substitution NOEQUALS"), "\(refused.stderr)")
    }

    @Test("--personality LINUX32 is the container process's execution domain; an unknown one is refused")
    func personality() throws {
        let store = try ContainerTestSupport.store("ct-persona")
        let run = try store.berth("run", "--rm", "--network", "none", "--personality", "LINUX32", "localhost/busybox", "cat", "/proc/self/personality")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "00000008\n")
        let plain = try store.berth("run", "--rm", "--network", "none", "--personality", "LINUX", "localhost/busybox", "cat", "/proc/self/personality")
        #expect(plain.stdout == "00000000\n")

        let refused = try store.berth("create", "--personality", "LINUX64", "localhost/busybox", "true")
        #expect(refused.status == 125)
        #expect(refused.stderr.contains("invalid --personality \"LINUX64\": use LINUX or LINUX32"), "\(refused.stderr)")
        #expect(try store.berth("ps", "-aq").stdout.isEmpty)
    }

    @Test("--cgroupns: Podman's default for this host, private (own cgroup root), host, and another container's namespace")
    func cgroupns() throws {
        let store = try ContainerTestSupport.store("ct-cgroupns")
        let hostNamespace = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/cgroup")
        func namespace(_ flags: [String]) throws -> String {
            let run = try store.berth(["run", "--rm", "--network", "none"] + flags + ["localhost/busybox", "readlink", "/proc/self/ns/cgroup"])
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try namespace(["--cgroupns", "host"]) == hostNamespace)
        #expect(try namespace(["--cgroupns", "private"]) != hostNamespace)
        // Inside its own namespace the container's cgroup is the root.
        let own = try store.berth("run", "--rm", "--network", "none", "--cgroupns", "private", "localhost/busybox", "cat", "/proc/self/cgroup")
        #expect(own.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(":/") }, "\(own.stdout)")

        let unified = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers")
        #expect(try store.berth("create", "--name", "dflt", "localhost/busybox", "true").status == 0)
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.CgroupnsMode}}", "dflt").stdout == (unified ? "private\n" : "host\n"))
        #expect(try namespace([]) == hostNamespace || unified)

        #expect(try store.berth("run", "-d", "--name", "target", "--network", "none", "--cgroupns", "private", "localhost/busybox", "sleep", "60").status == 0)
        let target = try store.berth("exec", "target", "readlink", "/proc/self/ns/cgroup").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try namespace(["--cgroupns", "container:target"]) == target)
        let pid = try store.berth("inspect", "--format", "{{.State.Pid}}", "target").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try namespace(["--cgroupns", "ns:/proc/\(pid)/ns/cgroup"]) == target)
        #expect(try store.berth("create", "--name", "j", "--cgroupns", "container:target", "localhost/busybox", "true").status == 0)
        let id = try store.berth("inspect", "--format", "{{.Id}}", "target").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.CgroupnsMode}}", "j").stdout == "container:\(id)\n")

        let refused = try store.berth("create", "--cgroupns", "bogus", "localhost/busybox", "true")
        #expect(refused.status == 125, "\(refused.stderr)")
    }

    @Test("--device-cgroup-rule lets the container open a device node it is otherwise denied; bad rules get Podman's errors")
    func deviceCgroupRule() throws {
        let store = try ContainerTestSupport.store("ct-devrule")
        // An unassigned character device (240:0): denied by the cgroup
        // (EPERM), or allowed and then without a driver (ENXIO).
        let dir = store.dir + "/devnode"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #require(mknod(dir + "/node", S_IFCHR | 0o666, dev_t(240 << 8)) == 0, "mknod: \(errno)")
        let denied = try store.berth("run", "--rm", "--network", "none", "-v", dir + ":/d", "localhost/busybox", "cat", "/d/node")
        #expect(denied.stderr.contains("Operation not permitted"), "\(denied.stderr)")
        let allowed = try store.berth("run", "--network", "none", "-v", dir + ":/d", "--device-cgroup-rule", "c 240:* rwm",
                                      "--name", "dev", "localhost/busybox", "cat", "/d/node")
        #expect(allowed.stderr.contains("No such device"), "\(allowed.stderr)")
        #expect(!allowed.stderr.contains("Operation not permitted"), "\(allowed.stderr)")
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.DeviceCgroupRules}}", "dev").stdout == "[c 240:* rwm]\n")

        for (rule, message) in [("b 7:* rmX", "Error: invalid device access in device-access-add: X"),
                                ("b 7:2", "Error: invalid device cgroup rule requires type, major:Minor, and access rules: \"b 7:2\""),
                                ("x 7:* rmw", "Error: invalid device type in device-access-add: x"),
                                ("a a:* rmw", "Error: strconv.ParseUint: parsing \"a\": invalid syntax")] {
            let refused = try store.berth("create", "--device-cgroup-rule", rule, "localhost/busybox", "true")
            #expect(refused.status == 125)
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
        }
        for rule in ["b 7:* rmw", "a 7:1 rmw", "a 7 rmw"] {
            #expect(try store.berth("create", "--device-cgroup-rule", rule, "localhost/busybox", "true").status == 0)
        }
    }

    @Test("a numeric --user the image lacks gets Podman's /etc/passwd and /etc/group lines, or --passwd-entry/--group-entry's")
    func passwdEntries() throws {
        let store = try ContainerTestSupport.store("ct-passwd")
        func run(_ flags: [String], _ command: [String]) throws -> String {
            let result = try store.berth(["run", "--rm", "--network", "none"] + flags + ["localhost/busybox"] + command)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        #expect(try run(["--user", "4242"], ["grep", "4242", "/etc/passwd"]) == "4242:*:4242:0:container user:/:/bin/sh\n")
        #expect(try run(["--user", "4242"], ["grep", "4242", "/etc/group"]) == "4242:x:4242:4242\n")
        #expect(try run(["--user", "4242", "-w", "/tmp"], ["id", "-un"]) == "4242\n")
        #expect(try run(["--user", "4242:4343", "--passwd-entry", "$USERNAME:x:$UID:$GID:$NAME:$HOME:/bin/false"], ["grep", "4242", "/etc/passwd"])
                == "4242:x:4242:4343:container user:/:/bin/false\n")
        #expect(try run(["--user", "4242:4343", "--group-entry", "$GROUPNAME:x:$GID:$USERLIST,extra"], ["grep", "4343", "/etc/group"])
                == "4343:x:4343:4242,extra\n")
        // Users and groups the image has are left alone.
        #expect(try run(["--user", "65534:65534"], ["cat", "/etc/passwd", "/etc/group"])
                == "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\nroot:x:0:\nnogroup:x:65534:\n")
    }

    @Test("--hostuser copies the host's entry into the container's /etc/passwd; an unknown user fails the start with 126")
    func hostuser() throws {
        let store = try ContainerTestSupport.store("ct-hostuser")
        let hostPasswd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let daemon = try #require(hostPasswd.split(separator: "\n").first { $0.hasPrefix("daemon:") }?.split(separator: ":", omittingEmptySubsequences: false))
        let byName = try store.berth("run", "--rm", "--network", "none", "--hostuser", "daemon", "localhost/busybox", "grep", "^daemon:", "/etc/passwd")
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdout == "daemon:*:\(daemon[2]):\(daemon[3]):\(daemon[4]):/:/bin/sh\n")
        let byID = try store.berth("run", "--rm", "--network", "none", "--hostuser", String(daemon[2]), "localhost/busybox", "grep", "^daemon:", "/etc/passwd")
        #expect(byID.stdout == byName.stdout, "\(byID.stderr)")
        #expect(try store.berth("run", "--rm", "--network", "none", "localhost/busybox", "grep", "^daemon:", "/etc/passwd").status == 1)

        let bogus = try store.berth("run", "--rm", "--network", "none", "--hostuser", "bogus", "localhost/busybox", "true")
        #expect(bogus.status == 126, "\(bogus.stderr)")
        #expect(bogus.stderr.contains("user: unknown user bogus"), "\(bogus.stderr)")
    }

    @Test("--init-path binds that binary as the --init process (the command runs under it)")
    func initPath() throws {
        let store = try ContainerTestSupport.store("ct-initpath")
        // Runs in the container as /run/podman-init -- COMMAND...
        let script = store.dir + "/my-init"
        try Data("#!/bin/sh\nshift\necho \"custom init as pid $$\"\nexec \"$@\"\n".utf8).write(to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        let run = try store.berth("run", "--rm", "--network", "none", "--init", "--init-path", script, "localhost/busybox", "echo", "hello")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "custom init as pid 1\nhello\n")

        let missing = try store.berth("run", "--rm", "--network", "none", "--init", "--init-path", store.dir + "/nope", "localhost/busybox", "true")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--init-path \(store.dir)/nope: no such executable file"), "\(missing.stderr)")
    }

    @Test("--requires starts the required containers first; an unknown one is refused at create; rm of a required one is refused")
    func requires() throws {
        let store = try ContainerTestSupport.store("ct-requires")
        #expect(try store.berth("create", "--name", "db", "--network", "none", "localhost/busybox", "sleep", "60").status == 0)
        #expect(try store.berth("create", "--name", "cache", "--network", "none", "localhost/busybox", "sleep", "60").status == 0)
        let app = try store.berth("run", "--rm", "--name", "app", "--network", "none", "--requires", "db,cache", "localhost/busybox", "echo", "app ran")
        #expect(app.status == 0, "\(app.stderr)")
        #expect(app.stdout == "app ran\n")
        for name in ["db", "cache"] {
            #expect(try store.berth("inspect", "--format", "{{.State.Status}}", name).stdout == "running\n")
        }

        #expect(try store.berth("create", "--name", "web", "--requires", "db", "localhost/busybox", "true").status == 0)
        let db = try store.berth("inspect", "--format", "{{.Id}}", "db").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try store.berth("inspect", "--format", "{{.Dependencies}}", "web").stdout == "[\(db)]\n")
        let removal = try store.berth("rm", "-f", "db")
        #expect(removal.status != 0 && removal.stderr.contains("has dependent containers which must be removed before it"), "\(removal.stderr)")

        #expect(try store.berth("rm", "-f", "web").status == 0)
        let refused = try store.berth("create", "--requires", "nosuch", "localhost/busybox", "true")
        #expect(refused.status == 125)
        #expect(refused.stderr.contains("\"nosuch\" is not a valid container, cannot be used as a dependency"), "\(refused.stderr)")
    }

    @Test("run --preserve-fds N passes the caller's fds 3.. into the container; a closed one is refused")
    func preserveFds() throws {
        let store = try ContainerTestSupport.store("ct-preserve")
        let file = store.dir + "/handed-over"
        try Data("through fd 3\n".utf8).write(to: URL(fileURLWithPath: file))
        let berth = ([EngineTestSupport.berth!] + store.globalArguments).map { "'\($0)'" }.joined(separator: " ")
        let run = try EngineTestSupport.run("/bin/sh", ["-c", "exec 3<'\(file)'; \(berth) run --rm --network none --preserve-fds 1 localhost/busybox cat /proc/self/fd/3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "through fd 3\n")
        let without = try EngineTestSupport.run("/bin/sh", ["-c", "exec 3<'\(file)'; \(berth) run --rm --network none localhost/busybox cat /proc/self/fd/3"])
        #expect(without.status != 0 && without.stdout.isEmpty, "\(without.stdout)")

        let closed = try EngineTestSupport.run("/bin/sh", ["-c", "exec 3<&- 4<&-; \(berth) run --rm --network none --preserve-fds 2 localhost/busybox true"])
        #expect(closed.status == 125)
        #expect(closed.stderr.contains("file descriptor 3 is not available"), "\(closed.stderr)")
    }

    @Test("--chrootdirs gets berth's /etc/hostname, /etc/hosts, /etc/resolv.conf and .containerenv below it too")
    func chrootDirs() throws {
        let store = try ContainerTestSupport.store("ct-chrootdirs")
        let run = try store.berth("run", "--name", "ch", "--network", "none", "--hostname", "inner", "--chrootdirs", "/jail",
                                  "localhost/busybox", "sh", "-c", "cat /jail/etc/hostname; grep -c inner /jail/etc/hosts; test \"$(cat /etc/resolv.conf)\" = \"$(cat /jail/etc/resolv.conf)\" && grep -c name=\\\"ch\\\" /jail/run/.containerenv")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "inner\n1\n1\n")
        #expect(try store.berth("inspect", "--format", "{{.Config.ChrootDirs}}", "ch").stdout == "[/jail]\n")
        #expect(try store.berth("create", "--chrootdirs", "jail", "localhost/busybox", "true").status == 125)
    }

    @Test("--systemd: always, or true with an init command, mounts tmpfs for systemd, sets container_uuid and stops with SIGRTMIN+3")
    func systemdMode() throws {
        let store = try ContainerTestSupport.store("ct-systemd")
        let script = "grep -E '^[^ ]+ [^ ]+ [^ ]+ [^ ]+ /(run|run/lock|tmp|var/log/journal) ' /proc/self/mountinfo | grep -c ' - tmpfs '; echo uuid=$container_uuid"
        let always = try store.berth("run", "--name", "sd", "--network", "none", "--systemd", "always", "localhost/busybox", "sh", "-c", script)
        #expect(always.status == 0, "\(always.stderr)")
        let id = try store.berth("inspect", "--format", "{{.Id}}", "sd").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(always.stdout == "4\nuuid=\(id.prefix(32))\n")
        #expect(try store.berth("inspect", "--format", "{{.Config.StopSignal}} {{.Config.SystemdMode}}", "sd").stdout == "\(try Signals.parse("RTMIN+3")) true\n")

        // true (the default): only when the command is an init.
        let plain = try store.berth("run", "--rm", "--network", "none", "localhost/busybox", "sh", "-c", script)
        #expect(plain.stdout == "0\nuuid=\n", "\(plain.stderr)")
        let initCommand = try store.berth("run", "--rm", "--network", "none", "--entrypoint", "[\"/bin/sh\",\"-c\",\"\(script)\"]",
                                          "localhost/busybox", "/sbin/init")
        #expect(initCommand.stdout.hasPrefix("4\nuuid="), "\(initCommand.stdout) \(initCommand.stderr)")
        let off = try store.berth("run", "--rm", "--network", "none", "--systemd", "false", "--entrypoint", "[\"/bin/sh\",\"-c\",\"\(script)\"]",
                                  "localhost/busybox", "/sbin/init")
        #expect(off.stdout == "0\nuuid=\n", "\(off.stderr)")

        let refused = try store.berth("create", "--systemd", "maybe", "localhost/busybox", "true")
        #expect(refused.status == 125)
        #expect(refused.stderr.contains("invalid --systemd \"maybe\": must be true, false or always"), "\(refused.stderr)")
    }
}
