import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Engine: berth volume create/ls/inspect/rm/exists/prune",
       .enabled(if: EngineTestSupport.hasBerth, "needs the built berth binary"))
struct VolumeCommandTests {
    @Test("the flags Quadlet's .volume units emit are accepted and recorded")
    func quadletFlags() throws {
        let store = TestStore("vol")
        let created = try store.berth("volume", "create", "--ignore", "--label", "app=web", "--label", "tier=db",
                                      "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=1m,uid=1000,gid=1000",
                                      "--opt", "copy", "systemd-data")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "systemd-data\n")
        let again = try store.berth("volume", "create", "--ignore", "systemd-data")
        #expect(again.status == 0)
        let dup = try store.berth("volume", "create", "systemd-data")
        #expect(dup.status == 125)
        #expect(dup.stderr.contains("already exists"))

        let inspect = try JSONSerialization.jsonObject(with: Data(try store.berth("volume", "inspect", "systemd-data").stdout.utf8)) as! [[String: Any]]
        #expect(inspect[0]["Name"] as? String == "systemd-data")
        #expect(inspect[0]["Driver"] as? String == "local")
        #expect(inspect[0]["Labels"] as? [String: String] == ["app": "web", "tier": "db"])
        let options = inspect[0]["Options"] as? [String: String]
        #expect(options?["type"] == "tmpfs")
        #expect(options?["o"] == "size=1m,uid=1000,gid=1000")
        #expect(inspect[0]["UID"] as? Int == 1000)
        #expect((inspect[0]["Mountpoint"] as? String)?.hasPrefix(store.root + "/volumes/systemd-data/") == true)

        #expect(try store.berth("volume", "inspect", "--format", "{{.Name}} {{.Labels.app}}", "systemd-data").stdout == "systemd-data web\n")
        #expect(try store.berth("volume", "exists", "systemd-data").status == 0)
        #expect(try store.berth("volume", "exists", "nope").status == 1)
    }

    @Test("ls, filters, templates, rm -f, prune")
    func listRemovePrune() throws {
        let store = TestStore("vols")
        for (name, label) in [("a", "keep"), ("b", "drop"), ("c", "drop")] {
            #expect(try store.berth("volume", "create", "--label", "x=" + label, name).status == 0)
        }
        let table = try store.berth("volume", "ls").stdout
        #expect(table == "DRIVER  VOLUME NAME\nlocal   a\nlocal   b\nlocal   c\n")
        #expect(try store.berth("volume", "ls", "-q", "--filter", "label=x=drop").stdout == "b\nc\n")
        #expect(try store.berth("volume", "ls", "--format", "{{.Name}}:{{.Driver}}").stdout == "a:local\nb:local\nc:local\n")
        #expect(try store.berth("volume", "rm", "a").stdout == "a\n")
        #expect(try store.berth("volume", "rm", "a").status == 1)
        #expect(try store.berth("volume", "rm", "-f", "a").status == 0)
        #expect(try store.berth("volume", "prune", "-f", "--filter", "label=x=drop").stdout == "b\nc\n")
        #expect(try store.berth("volume", "ls", "-q").stdout == "")
        #expect(FileSystem.list(store.root + "/volumes").isEmpty, "volume directories reclaimed")
    }

    @Test("--noheading with a table format: no header row, the rows still aligned among themselves (as Podman's tabwriter)")
    func noHeadingTable() throws {
        let store = TestStore("volnohead")
        for name in ["a", "a-much-longer-name"] {
            #expect(try store.berth("volume", "create", name).status == 0)
        }
        let format = "table {{.Name}}\t{{.Driver}}"
        #expect(try store.berth("volume", "ls", "--format", format).stdout
            == "NAME                DRIVER\na                   local\na-much-longer-name  local\n")
        #expect(try store.berth("volume", "ls", "--noheading", "--format", format).stdout
            == "a                   local\na-much-longer-name  local\n")
    }

    @Test("hostile volume names are refused", arguments: ["../x", "a/b", ".hidden", "a\nb", "-rf"])
    func hostileNames(_ name: String) throws {
        let store = TestStore("volbad")
        #expect(try store.berth("volume", "create", "--", name).status != 0)
        #expect(FileSystem.list(store.root + "/volumes").isEmpty)
    }

    @Test("a tmpfs volume mounts on first use with its options and unmounts after the last",
          .enabled(if: EngineTestSupport.isRoot, "mounting needs root"))
    func tmpfsMount() throws {
        let store = TestStore("voltmp")
        #expect(try store.berth("volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=2m,mode=0700", "t").status == 0)
        let volumes = try store.open().volumes
        let path = try volumes.mount("t").path
        #expect(MountTable.isMountPoint(path))
        _ = try volumes.mount("t").path
        try volumes.unmount("t")
        #expect(MountTable.isMountPoint(path), "still used once")
        let busy = try store.berth("volume", "rm", "t")
        #expect(busy.status == 2)
        try volumes.unmount("t")
        #expect(!MountTable.isMountPoint(path))
        #expect(try store.berth("volume", "rm", "t").status == 0)
    }

    @Test("volume rm: a volume a container uses, running or not, is refused naming them; -f removes them first, stopping within --time",
          .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
    func removeUsed() throws {
        let store = try ContainerTestSupport.store("volused")
        #expect(try store.berth("volume", "create", "data").status == 0)
        #expect(try store.berth("create", "--name", "idle", "--network", "none", "-v", "data:/data", "localhost/busybox", "true").status == 0)
        // As pid 1 without a handler, sleep ignores SIGTERM: only the kill after --time ends it.
        let run = try store.berth("run", "-d", "--name", "busy", "--network", "none", "-v", "data:/data", "localhost/busybox", "sleep", "1000")
        #expect(run.status == 0, "\(run.stderr)")
        let ids = try ["idle", "busy"].map { try store.berth("inspect", "--format", "{{.Id}}", $0).out }

        let refused = try store.berth("volume", "rm", "data")
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("Error: volume data is being used by the following container(s): "), "\(refused.stderr)")
        #expect(ids.allSatisfy { refused.stderr.contains($0) } && refused.stderr.hasSuffix(": volume is being used\n"))
        #expect(try store.berth("ps", "-a", "-q").out.split(separator: "\n").count == 2, "nothing was removed")

        let started = Date()
        let forced = try store.berth("volume", "rm", "-f", "--time", "1", "data")
        let took = Date().timeIntervalSince(started)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout == "data\n")
        #expect(took >= 1 && took < 8, "stopped after --time 1, not the default 10 seconds: \(took)")
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(try store.berth("volume", "exists", "data").status == 1)
        #expect(ContainerTestSupport.mounts(under: store.dir) == [])
    }

    @Test("a plain volume gets the requested owner")
    func owner() throws {
        let store = TestStore("volown")
        #expect(try store.berth("volume", "create", "--uid", "1234", "--gid", "4321", "owned").status == 0)
        var st = stat()
        #expect(stat(try store.open().volumes.get("owned").mountpoint, &st) == 0)
        if EngineTestSupport.isRoot {
            #expect(st.st_uid == 1234 && st.st_gid == 4321)
        }
    }
}

@Suite("Engine: bind volumes as Quadlet writes them",
       .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.isRoot, "needs the built berth binary and root (mounting)"))
struct VolumeBindTests {
    @Test("Type=bind Device=DIR (`--opt type=bind --opt device=DIR`) mounts the directory on use")
    func bind() throws {
        let store = TestStore("volbind")
        let source = store.dir + "/source"
        try FileSystem.makeDirectories(source)
        try Data("from host\n".utf8).write(to: URL(fileURLWithPath: source + "/file"))
        #expect(try store.berth("volume", "create", "--ignore", "--opt", "device=" + source, "--opt", "type=bind", "systemd-bound").status == 0)
        let volumes = try store.open().volumes
        let path = try volumes.mount("systemd-bound").path
        #expect(try String(contentsOfFile: path + "/file", encoding: .utf8) == "from host\n")
        try volumes.unmount("systemd-bound")
        #expect(!MountTable.isMountPoint(path))
    }
}

@Suite("Engine: image volumes",
       .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox && EngineTestSupport.isRoot,
                "needs the built berth binary, busybox-static and root (mounting)"))
struct VolumeImageTests {
    @Test("`--driver image --opt image=IMAGE` (Quadlet's Driver=image) shows the image's files, writably")
    func imageVolume() throws {
        let store = TestStore("volimg")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir, extra: ["data/seed": "seeded\n"])
        #expect(try store.berth("import", tarball, "seed").status == 0)
        let created = try store.berth("volume", "create", "--ignore", "--driver", "image", "--opt", "image=seed", "systemd-seeded")
        #expect(created.status == 0, "\(created.stderr)")
        let volumes = try store.open().volumes
        let path = try volumes.mount("systemd-seeded").path
        #expect(try String(contentsOfFile: path + "/data/seed", encoding: .utf8) == "seeded\n")
        try Data("mine".utf8).write(to: URL(fileURLWithPath: path + "/data/new"))
        try volumes.unmount("systemd-seeded")
        let inUse = try store.berth("rmi", "seed")
        #expect(inUse.status == 2, "the image backs a volume")
        #expect(inUse.stderr.contains("in use by a volume"))
        #expect(try store.berth("volume", "rm", "systemd-seeded").status == 0)
        #expect(try store.berth("rmi", "seed").status == 0)
        #expect(try StoreConsistency.problems(try store.open()) == [])
    }
}
