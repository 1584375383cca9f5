import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// A store whose records cannot be read, whose database is damaged or
/// emptied, or whose start was cut short: what a user sees, and that
/// nothing of theirs is deleted or leaked.
@Suite("State: unreadable records, damaged and emptied databases, interrupted starts",
       .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct StateRecoveryTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    static func setState(_ store: TestStore, _ name: String, _ edit: String) throws {
        let opened = try store.open()
        try opened.database.write { db in
            try db.execute(sql: "UPDATE container SET state = json_set(state, \(edit)) WHERE name = ?", arguments: [name])
        }
    }

    @Test("a container whose record cannot be decoded is listed, inspect says why, rm -f removes it and releases what it held")
    func unreadableRecord() throws {
        let store = try ContainerTestSupport.store("st-unreadable")
        let run = try store.berth("run", "-d", "--name", "broken", "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        let id = run.out
        #expect(try store.berth("create", "--name", "idle", "localhost/busybox", "true").status == 0)
        let opened = try store.open()
        try opened.database.write { db in
            try db.execute(sql: #"UPDATE container SET config = CAST('{"args": 7}' AS BLOB)"#)
        }

        let ps = try store.berth("ps", "-a", "--format", "{{.Names}} {{.Status}}")
        #expect(ps.status == 0, "\(ps.stderr)")
        #expect(ps.out.split(separator: "\n").sorted() == ["broken Unreadable record (see inspect)", "idle Unreadable record (see inspect)"])
        let inspect = try store.berth("inspect", "broken")
        #expect(inspect.status == 125)
        #expect(inspect.stderr.contains("cannot be read") && inspect.stderr.contains("args") && !inspect.stderr.contains("no such"), "\(inspect.stderr)")
        let start = try store.berth("start", "idle")
        #expect(start.status == 125 && start.stderr.contains("rm -f"), "\(start.stderr)")
        #expect(try store.berth("rm", "idle").status != 0, "removal without -f is refused")

        let removed = try store.berth("rm", "-f", "-t", "0", "broken", "idle")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(try ContainerTestSupport.eventually(10) { ContainerReliabilityTests.leaks(store, ids: [id]).isEmpty })
        #expect(ContainerReliabilityTests.leaks(store, ids: [id]) == [])
    }

    @Test("a damaged database page is reported by every command, never as a missing object")
    func damagedDatabase() throws {
        let store = try ContainerTestSupport.store("st-damaged")
        #expect(try store.berth("create", "--name", "web", "localhost/busybox", "true").status == 0)
        let path = store.root + "/berth.db"
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        try #require(fd >= 0)
        var st = stat()
        fstat(fd, &st)
        let garbage = [UInt8](repeating: 0xA5, count: Int(st.st_size) - 4096)
        #expect(pwrite(fd, garbage, garbage.count, 4096) == garbage.count)
        close(fd)

        for args in [["inspect", "web"], ["container", "inspect", "web"], ["ps", "-a"], ["rm", "-f", "web"], ["start", "web"]] {
            let r = try store.berth(args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains("malformed") && !r.stderr.contains("no such"), "\(args): \(r.stderr)")
        }
    }

    @Test("an emptied database beside data is refused with a way out, and system repair --rebuild records it all again")
    func emptiedDatabase() throws {
        let store = try ContainerTestSupport.store("st-emptied")
        #expect(try store.berth("volume", "create", "keep").status == 0)
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: store.root + "/volumes/keep/_data/file"))
        #expect(try store.berth("create", "--name", "reader", "-v", "keep:/data", "localhost/busybox", "cat", "/data/file").status == 0)
        #expect(truncate(store.root + "/berth.db", 0) == 0)

        for args in [["ps", "-a"], ["volume", "ls"], ["volume", "create", "keep"], ["images"]] {
            let r = try store.berth(args)
            #expect(r.status == 125, "\(args)")
            #expect(r.stderr.contains("missing or empty") && r.stderr.contains("system repair --rebuild"), "\(args): \(r.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: store.root + "/volumes/keep/_data/file"))

        let rebuilt = try store.berth("system", "repair", "--rebuild")
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.out == "rebuilt 1 images, 2 layers, 1 containers, 1 volumes", "\(rebuilt.stdout)")
        #expect(try store.berth("ps", "-a", "--format", "{{.Names}}").out == "reader")
        #expect(try store.berth("volume", "ls", "-q").out == "keep")
        #expect(try store.berth("images", "--format", "{{.Repository}}:{{.Tag}}").out == "localhost/busybox:latest")
        let run = try store.berth("run", "--rm", "localhost/busybox", "echo", "by name")
        #expect(run.status == 0 && run.stdout == "by name\n", "\(run.stderr)")
        let started = try store.berth("start", "-a", "reader")
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout == "precious\n")
        let opened = try store.open()
        #expect(try StoreConsistency.problems(opened) == [])
    }

    @Test("volume create never deletes a directory it has no record of; an empty leftover is replaced")
    func volumeOverUnrecordedDirectory() throws {
        let store = try ContainerTestSupport.store("st-orphan")
        try FileSystem.makeDirectories(store.root + "/volumes/orphan/_data")
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: store.root + "/volumes/orphan/_data/file"))
        let refused = try store.berth("volume", "create", "orphan")
        #expect(refused.status == 125)
        #expect(refused.stderr.contains("holds data") && refused.stderr.contains("system repair --rebuild"), "\(refused.stderr)")
        #expect(try FileSystem.readFile(store.root + "/volumes/orphan/_data/file") == Data("precious\n".utf8))

        try FileSystem.makeDirectories(store.root + "/volumes/leftover/_data")
        let replaced = try store.berth("volume", "create", "leftover")
        #expect(replaced.status == 0, "\(replaced.stderr)")

        let adopted = try store.berth("system", "repair", "--rebuild")
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(try store.berth("volume", "ls", "-q").out.split(separator: "\n").sorted() == ["leftover", "orphan"])
        #expect(try FileSystem.readFile(store.root + "/volumes/orphan/_data/file") == Data("precious\n".utf8))
    }

    /// What a `run -d` killed after the runtime started the container but
    /// before berth recorded it leaves: a record saying Created.
    @Test("a run the record missed is adopted: ps says Up, every verb works, wait returns the exit code")
    func unrecordedRun() throws {
        let store = try ContainerTestSupport.store("st-adopt")
        #expect(try store.berth("run", "-d", "--name", "kc", "localhost/busybox", "sleep", "1000").status == 0)
        try Self.setState(store, "kc", "'$.status', 'created', '$.pid', 0, '$.monitorPid', 0")
        #expect(try store.berth("ps", "-a", "--format", "{{.Status}}").out.hasPrefix("Up "))
        #expect(try store.berth("kill", "-s", "WINCH", "kc").status == 0)
        let stop = try store.berth("stop", "-t", "0", "kc")
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(try store.berth("ps", "-a", "--format", "{{.Status}}").out.hasPrefix("Exited (137)"))
        #expect(ContainerTestSupport.runtimeContainers(store) == [])

        #expect(try store.berth("run", "-d", "--name", "ends", "localhost/busybox", "sh", "-c", "sleep 1; exit 3").status == 0)
        try Self.setState(store, "ends", "'$.status', 'created', '$.pid', 0, '$.monitorPid', 0")
        #expect(try store.berth("inspect", "--format", "{{.State.Status}}", "ends").out == "running")
        let wait = try store.berth("wait", "ends")
        #expect(wait.status == 0 && wait.out == "3", "\(wait.stdout) \(wait.stderr)")
        #expect(try store.berth("ps", "-a", "--filter", "name=ends", "--format", "{{.Status}}").out.hasPrefix("Exited (3)"))
        #expect(try store.berth("rm", "-a", "-f", "-t", "0").status == 0)
        #expect(try ContainerTestSupport.eventually(10) { ContainerReliabilityTests.leaks(store, ids: []).isEmpty })
    }

    /// A reboot takes every process, mount and runtime state, and the next
    /// command resets the mount counts: a held list from before it must
    /// not be released onto the counts of containers started since.
    @Test("after a reboot a container that was running is Exited, and removing it leaves other users' volume counts alone")
    func reboot() throws {
        let store = try ContainerTestSupport.store("st-reboot")
        let run = try store.berth("run", "-d", "--name", "before", "-v", "shared:/data", "localhost/busybox", "sleep", "1000")
        try #require(run.status == 0, "\(run.stderr)")
        // The reboot: processes, runtime state, mounts and the run root go.
        for pid in CrashTests.processes(["conmon-swift", store.runRoot]) { kill(pid, SIGKILL) }
        _ = try EngineTestSupport.run(ContainerTestSupport.runc!, ["--root", store.runRoot + "/runc", "delete", "--force", run.out])
        for mount in ContainerTestSupport.mounts(under: store.dir).reversed() { umount2(mount, Int32(MNT_DETACH)) }
        try FileSystem.removeTree(store.runRoot)

        let after = try store.berth("run", "-d", "--name", "after", "-v", "shared:/data", "localhost/busybox", "sleep", "1000")
        #expect(after.status == 0, "\(after.stderr)")
        #expect(try store.berth("ps", "-a", "--filter", "name=before", "--format", "{{.Status}}").out.hasPrefix("Exited (137)"))
        #expect(try store.berth("rm", "-f", "before").status == 0)
        #expect(try store.berth("volume", "inspect", "--format", "{{.MountCount}}", "shared").out == "1")
        #expect(try store.berth("exec", "after", "ls", "/data").status == 0)
        #expect(try store.berth("rm", "-f", "-t", "0", "after").status == 0)
        #expect(try store.berth("volume", "inspect", "--format", "{{.MountCount}}", "shared").out == "0")
    }

    static func heldKinds(_ store: TestStore, _ name: String) throws -> [String] {
        let opened = try store.open()
        let c = try opened.containerManager().load(name)
        return c.state.held.map(\.kind.rawValue)
    }

    @Test("a start records what it holds in the order it takes it; a stop, and a start that fails, give all of it back")
    func heldList() throws {
        let store = try ContainerTestSupport.store("st-held")
        #expect(try store.berth("run", "-d", "--name", "web", "-v", "data:/data", "localhost/busybox", "sleep", "1000").status == 0)
        #expect(try Self.heldKinds(store, "web") == ["network", "rootfs", "volume", "cgroup", "runtime"])
        #expect(try store.berth("stop", "-t", "0", "web").status == 0)
        #expect(try Self.heldKinds(store, "web") == [])
        #expect(try store.berth("volume", "inspect", "--format", "{{.MountCount}}", "data").out == "0")

        let failed = try store.berth("run", "-d", "--name", "bad", "-v", "data:/data", "localhost/busybox", "/no/such/program")
        #expect(failed.status != 0)
        #expect(try Self.heldKinds(store, "bad") == [])
        #expect(try store.berth("volume", "inspect", "--format", "{{.MountCount}}", "data").out == "0")
        #expect(ContainerTestSupport.mounts(under: store.dir) == [])
        #expect(ContainerTestSupport.runtimeContainers(store) == [])
    }
}
