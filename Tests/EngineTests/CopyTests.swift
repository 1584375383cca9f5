import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

@Suite("Containers: cp out of and into a container", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct CopyTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("cp copies a file or a directory out of a stopped or running container, or streams it as tar with -")
    func copyOut() throws {
        let store = try ContainerTestSupport.store("cp")
        _ = try store.berth("create", "--name", "c", "localhost/busybox", "true")
        let out = store.dir + "/out"
        try FileSystem.makeDirectories(out, mode: 0o755)

        let file = try store.berth("cp", "c:/etc/passwd", out + "/passwd.copy")
        #expect(file.status == 0, "\(file.stderr)")
        #expect(try String(contentsOfFile: out + "/passwd.copy", encoding: .utf8).hasPrefix("root:x:0:0:"))
        #expect(try store.berth("cp", "c:/etc", out).status == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/etc/group"))
        #expect(ContainerTestSupport.mounts(under: store.dir) == [], "cp unmounts what it mounted")

        // A running container's files, its own changes included.
        _ = try store.berth("run", "-d", "--name", "r", "--network", "none", "localhost/busybox", "sh", "-c", "echo made > /tmp/made; sleep 1000")
        #expect(try ContainerTestSupport.eventually { try store.berth("exec", "r", "test", "-e", "/tmp/made").status == 0 })
        #expect(try store.berth("cp", "r:/tmp/made", out + "/made").status == 0)
        #expect(try String(contentsOfFile: out + "/made", encoding: .utf8) == "made\n")

        let command = ([EngineTestSupport.berth!] + store.globalArguments + ["cp", "r:/tmp/made", "-"]).joined(separator: " ") + " | /bin/tar -tf -"
        #expect(try EngineTestSupport.run("/bin/sh", ["-c", command]).stdout == "made\n")
    }

    @Test("cp reports missing paths and containers, and refuses what it cannot do, in Podman's words where Podman has them")
    func errors() throws {
        let store = try ContainerTestSupport.store("cp-err")
        _ = try store.berth("create", "--name", "c", "localhost/busybox", "true")
        let missing = try store.berth("cp", "c:/nonexist", store.dir)
        #expect(missing.status == 125)
        #expect(missing.stderr == "Error: \"/nonexist\" could not be found on container c: no such file or directory\n")
        let noContainer = try store.berth("cp", "nosuch:/x", store.dir)
        #expect(noContainer.stderr == "Error: container \"nosuch\" does not exist\n")
        let noHost = try store.berth("cp", "c:/etc/passwd", "/nonexist/dir/x")
        #expect(noHost.stderr == "Error: \"/nonexist/dir/x\" could not be found on the host: no such file or directory\n")
        let intoMissing = try store.berth("cp", store.dir, "c:/nonexist/x")
        #expect(intoMissing.status == 125)
        #expect(intoMissing.stderr == "Error: \"/nonexist/x\" could not be found on container c: no such file or directory\n")
        // A path relative to the working directory that lies in a volume of a stopped container: refused both ways.
        _ = try store.berth("create", "--name", "v", "-v", "cpvol:/data", "-w", "/data", "localhost/busybox", "true")
        let outOfVolume = try store.berth("cp", "v:file", store.dir)
        #expect(outOfVolume.stderr.contains("copying from /data of a container that is not running is not supported yet"), "\(outOfVolume.stderr)")
        let intoVolume = try store.berth("cp", store.dir, "v:file")
        #expect(intoVolume.stderr.contains("copying into /data of a container that is not running is not supported yet"), "\(intoVolume.stderr)")
    }

    @Test("cp into a stopped or running container: into a directory, as a new name, or a tar stream from stdin; owned by the container's user")
    func copyIn() throws {
        let store = try ContainerTestSupport.store("cp-in")
        let file = store.dir + "/hello.txt"
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: file))
        chown(file, 1234, 1234)
        _ = try store.berth("create", "--name", "c", "--network", "none", "localhost/busybox", "sh", "-c",
                            "cat /tmp/hello.txt /renamed; stat -c '%u:%g' /tmp/hello.txt")
        let copied = try store.berth("cp", file, "c:/tmp")
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(try store.berth("cp", file, "c:/renamed").status == 0)
        #expect(ContainerTestSupport.mounts(under: store.dir) == [], "cp unmounts what it mounted")
        let run = try store.berth("start", "-a", "c")
        #expect(run.stdout == "hello\nhello\n0:0\n", "\(run.stdout) \(run.stderr)")

        _ = try store.berth("run", "-d", "--name", "r", "--network", "none", "localhost/busybox", "sleep", "1000")
        let dir = store.dir + "/tree"
        try FileSystem.makeDirectories(dir + "/sub", mode: 0o755)
        try Data("deep\n".utf8).write(to: URL(fileURLWithPath: dir + "/sub/file"))
        #expect(try store.berth("cp", dir, "r:/").status == 0)
        #expect(try store.berth("exec", "r", "cat", "/tree/sub/file").stdout == "deep\n")
        let stream = "/bin/tar -C \(dir) -cf - sub | " + ([EngineTestSupport.berth!] + store.globalArguments + ["cp", "-", "r:/tmp"]).joined(separator: " ")
        #expect(try EngineTestSupport.run("/bin/sh", ["-c", stream]).status == 0)
        #expect(try store.berth("exec", "r", "cat", "/tmp/sub/file").stdout == "deep\n")

        // A directory is not replaced by a file (nor the reverse) without --overwrite.
        _ = try store.berth("exec", "r", "mkdir", "-p", "/tmp/x/hello.txt/inside")
        let refused = try store.berth("cp", file, "r:/tmp/x")
        #expect(refused.status == 125)
        #expect(refused.stderr.contains("cannot overwrite directory \"/tmp/x/hello.txt\" with non-directory"), "\(refused.stderr)")
        #expect(try store.berth("exec", "r", "test", "-d", "/tmp/x/hello.txt/inside").status == 0)
        #expect(try store.berth("cp", "--overwrite", file, "r:/tmp/x").status == 0)
        #expect(try store.berth("exec", "r", "cat", "/tmp/x/hello.txt").stdout == "hello\n")
    }

    @Test("a symlink in the container pointing at /etc (absolute or by ..) cannot make cp write on the host",
          arguments: [false, true])
    func copyInSymlinks(running: Bool) throws {
        let store = try ContainerTestSupport.store("cp-link")
        let probe = "berth-cp-probe-" + FileSystem.randomHex(4)
        let file = store.dir + "/" + probe
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: file))
        let links = "ln -s /etc /abs; ln -s ../../../../../../etc /tmp/rel; ln -s /etc/" + probe + " /target"
        if running {
            _ = try store.berth("run", "-d", "--name", "c", "--network", "none", "localhost/busybox", "sh", "-c", links + "; sleep 1000")
            #expect(try ContainerTestSupport.eventually { try store.berth("exec", "c", "test", "-L", "/target").status == 0 })
        } else {
            #expect(try store.berth("run", "--name", "c", "--network", "none", "localhost/busybox", "sh", "-c", links).status == 0)
        }
        #expect(try store.berth("cp", file, "c:/abs/").status == 0)
        #expect(try store.berth("cp", file, "c:/tmp/rel/").status == 0)
        let renamed = probe + "-renamed"
        #expect(try store.berth("cp", file, "c:/abs/" + renamed).status == 0)
        // A file over a symlink replaces the link, never writes through it.
        #expect(try store.berth("cp", file, "c:/target").status == 0)
        // A tar stream whose entries walk through the links.
        let tarDir = store.dir + "/t"
        try FileSystem.makeDirectories(tarDir + "/abs", mode: 0o755)
        try Data("y\n".utf8).write(to: URL(fileURLWithPath: tarDir + "/abs/" + probe + "-tar"))
        let stream = "/bin/tar -C \(tarDir) -cf - abs/\(probe)-tar | " + ([EngineTestSupport.berth!] + store.globalArguments + ["cp", "-", "c:/"]).joined(separator: " ")
        _ = try EngineTestSupport.run("/bin/sh", ["-c", stream])
        for name in [probe, renamed, probe + "-tar"] {
            #expect(!FileManager.default.fileExists(atPath: "/etc/" + name), "cp wrote /etc/\(name) on the host")
            unlink("/etc/" + name)
        }
        // The copies landed inside the container's own /etc, and /target is a file of its own now.
        let out = store.dir + "/out"
        try FileSystem.makeDirectories(out, mode: 0o755)
        for (name, content) in [(probe, "x\n"), (renamed, "x\n"), (probe + "-tar", "y\n")] {
            #expect(try store.berth("cp", "c:/etc/" + name, out + "/" + name).status == 0, "\(name) is in the container's /etc")
            #expect((try? String(contentsOfFile: out + "/" + name, encoding: .utf8)) == content)
        }
        #expect(try store.berth("cp", "c:/target", out + "/target").status == 0)
        var info = stat()
        #expect(lstat(out + "/target", &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG, "the link was replaced by the file")
    }
}
