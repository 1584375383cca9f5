import Generator
import Testing
import UnitParser

/// Where options land in the engine command line, and the service type
/// chosen for each notification mode.
@Suite("Container command line")
struct CommandLineTests {
    @Test func globalArgsFirstPodmanArgsBeforeTheImageExecAfter() throws {
        let dir = TempDir("cmd")
        dir.write("web.container", #"""
            [Container]
            Image=quay.io/x/web
            ContainersConfModule=/etc/berth/extra.conf
            GlobalArgs=--log-level=debug "--root=/srv/my store"
            PodmanArgs=--memory-swap 1g
            PodmanArgs="--annotation=note=two words"
            Exec=serve --port 80
            """#)
        let start = try Harness.generate(dir).command("web.service")
        #expect(Array(start.prefix(5)) == [
            "/usr/bin/podman", "--module=/etc/berth/extra.conf", "--log-level=debug", "--root=/srv/my store", "run",
        ])
        #expect(start.containsSequence(["--memory-swap", "1g", "--annotation=note=two words", "quay.io/x/web", "serve", "--port", "80"]))
        #expect(try Harness.generate(dir).command("web.service", "ExecStop").prefix(4) == [
            "/usr/bin/podman", "--module=/etc/berth/extra.conf", "--log-level=debug", "--root=/srv/my store",
        ])
    }

    @Test(arguments: [
        ("", "--sdnotify=conmon"),
        ("Notify=false", "--sdnotify=conmon"),
        ("Notify=true", "--sdnotify=container"),
        ("Notify=yes", "--sdnotify=container"),
        ("Notify=healthy", "--sdnotify=healthy"),
    ])
    func notifyModes(_ line: String, _ flag: String) throws {
        let dir = TempDir("notify")
        dir.write("n.container", "[Container]\nImage=quay.io/x/y\n" + line + "\n")
        let result = Harness.generate(dir)
        let start = try result.command("n.service")
        #expect(start.filter { $0.hasPrefix("--sdnotify") } == [flag])
        #expect(start.contains("-d"))
        #expect(result.service("n.service")?.lookup("Type", in: "Service") == "notify")
    }

    @Test func oneshotServiceRunsInTheForeground() throws {
        let dir = TempDir("oneshot")
        dir.write("job.container", "[Container]\nImage=quay.io/x/y\nNotify=true\n[Service]\nType=oneshot\n")
        let result = Harness.generate(dir)
        let start = try result.command("job.service")
        #expect(!start.contains("-d"))
        #expect(!start.contains { $0.hasPrefix("--sdnotify") })
        #expect(result.service("job.service")?.lookup("Type", in: "Service") == "oneshot")
        #expect(result.service("job.service")?.lookup("NotifyAccess", in: "Service") == nil)
    }

    @Test func mountOfAVolumeUnitResolvesAndDepends() throws {
        let dir = TempDir("mount")
        dir.write("data.volume", "[Volume]\n")
        dir.write("web.container", """
            [Container]
            Image=quay.io/x/y
            Mount=type=volume,source=data.volume,destination=/data,ro=true
            Mount=type=tmpfs,destination=/run/cache
            """)
        let result = Harness.generate(dir)
        #expect(try result.command("web.service").values(after: "--mount") == [
            "type=volume,source=systemd-data,destination=/data,ro=true",
            "type=tmpfs,destination=/run/cache",
        ])
        #expect(result.values("web.service", "Requires") == ["data-volume.service"])
    }

    @Test func rootfsInsteadOfImage() throws {
        let dir = TempDir("rootfs")
        dir.write("r.container", "[Container]\nRootfs=/srv/rootfs\nExec=/bin/sh\n")
        let start = try Harness.generate(dir).command("r.service")
        #expect(Array(start.suffix(3)) == ["--rootfs", "/srv/rootfs", "/bin/sh"])
    }

    @Test func commonOptionsBecomeFlags() throws {
        let dir = TempDir("flags")
        dir.write("f.container", """
            [Container]
            Image=quay.io/x/y
            PublishPort=8080:80
            PublishPort=127.0.0.1:8443:443/tcp
            AddCapability=NET_ADMIN SYS_TIME
            DropCapability=ALL
            ReadOnly=true
            User=1000
            Group=1000
            WorkingDir=/app
            HostName=web
            AutoUpdate=registry
            EnvironmentFile=app.env
            Secret=token,type=env,target=TOKEN
            """)
        let start = try Harness.generate(dir).command("f.service")
        #expect(start.values(after: "--publish") == ["8080:80", "127.0.0.1:8443:443/tcp"])
        #expect(start.values(after: "--cap-add") == ["net_admin", "sys_time"])
        #expect(start.values(after: "--cap-drop") == ["all"])
        #expect(start.contains("--read-only"))
        #expect(start.values(after: "--user") == ["1000:1000"])
        #expect(start.values(after: "--workdir") == ["/app"])
        #expect(start.values(after: "--hostname") == ["web"])
        #expect(start.values(after: "--label") == ["io.containers.autoupdate=registry"])
        #expect(start.values(after: "--env-file") == [dir.path + "/app.env"])
        #expect(start.values(after: "--secret") == ["token,type=env,target=TOKEN"])
        #expect(start.last == "quay.io/x/y")
    }
}
