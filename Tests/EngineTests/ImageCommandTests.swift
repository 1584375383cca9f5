import Foundation
import Testing
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Engine: berth import/images/inspect/tag/untag/rmi/prune",
       .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox, "needs the built berth binary and Debian's busybox-static"))
struct ImageCommandTests {
    @Test("import a busybox rootfs with --change, then list and inspect it")
    func importListInspect() throws {
        let store = TestStore("img")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        let imported = try store.berth("import", "--change", "CMD=[\"/bin/sh\",\"-c\",\"echo hi\"]", "--change", "ENV FOO=bar",
                                       "--change", "WORKDIR /tmp", "--change", "LABEL a=b", tarball, "mybox")
        #expect(imported.status == 0, "\(imported.stderr)")
        let id = imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 64)

        let table = try store.berth("images")
        #expect(table.stdout.hasPrefix("REPOSITORY"))
        #expect(table.stdout.contains("localhost/mybox"))
        #expect(table.stdout.contains(String(id.prefix(12))))

        let inspect = try store.berth("image", "inspect", "mybox")
        let json = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as! [[String: Any]]
        #expect(json.count == 1)
        #expect(json[0]["Id"] as? String == id)
        #expect(json[0]["RepoTags"] as? [String] == ["localhost/mybox:latest"])
        let config = json[0]["Config"] as! [String: Any]
        #expect(config["Cmd"] as? [String] == ["/bin/sh", "-c", "echo hi"])
        #expect(config["Env"] as? [String] == ["FOO=bar"])
        #expect(config["WorkingDir"] as? String == "/tmp")
        #expect((config["Labels"] as? [String: String])?["a"] == "b")

        #expect(try store.berth("image", "inspect", "--format", "{{.Id}} {{index .RepoTags 0}}", String(id.prefix(12))).stdout == "\(id) localhost/mybox:latest\n")
        #expect(try store.berth("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").stdout == "localhost/mybox:latest \(id.prefix(12))\n")
        #expect(try store.berth("images", "-q").stdout == "\(id.prefix(12))\n")
        let row = try JSONSerialization.jsonObject(with: Data(try store.berth("images", "--format", "{{json .}}").stdout.utf8)) as! [String: Any]
        #expect((row["Labels"] as? [String: String])?["a"] == "b", "the whole row, labels included")
        let listJSON = try JSONSerialization.jsonObject(with: Data(try store.berth("images", "--format", "json").stdout.utf8)) as! [[String: Any]]
        #expect(listJSON.first?["Id"] as? String == id)
        #expect(try store.berth("inspect", "--format", "{{.Os}}", "mybox").stdout == "linux\n")
    }

    @Test("import from standard input, gzip-compressed")
    func importStdin() throws {
        let store = TestStore("stdin")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir, gzip: true)
        let result = try store.berth("import", "-", "piped:v1", stdin: try Data(contentsOf: URL(fileURLWithPath: tarball)))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try store.berth("image", "exists", "localhost/piped:v1").status == 0)
        #expect(try store.berth("image", "exists", "piped:v1").status == 0)
    }

    @Test("import --os/--arch/--variant write the given platform into the image's config, as Podman's do")
    func importPlatform() throws {
        let store = TestStore("platform")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        let imported = try store.berth("import", "--os", "windows", "--arch", "arm64", "--variant", "v8", tarball, "foreign")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try store.berth("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", "foreign").stdout == "windows/arm64\n")
        let config = try store.open().images.resolve("foreign").decodedConfig()
        #expect(config.variant == "v8")

        let plain = try store.berth("import", tarball, "native")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try store.berth("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", "native").stdout
                == "linux/\(ImageStore.hostArchitecture)\n")
        #expect(try store.open().images.resolve("native").decodedConfig().variant == nil)
    }

    @Test("tag, untag, rmi by name and by ID, exists, prune")
    func naming() throws {
        let store = TestStore("tags")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        let id = try store.berth("import", tarball, "one").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try store.berth("tag", "one", "two", "quay.io/x/three:3").status == 0)
        let names = try store.berth("image", "inspect", "--format", "{{range .RepoTags}}{{.}} {{end}}", id).stdout
        #expect(names.contains("localhost/one:latest") && names.contains("localhost/two:latest") && names.contains("quay.io/x/three:3"))

        let byID = try store.berth("rmi", id)
        #expect(byID.status != 0)
        #expect(byID.stderr.contains("more than one tag"))

        let untagTwo = try store.berth("rmi", "two")
        #expect(untagTwo.stdout == "Untagged: localhost/two:latest\n")
        #expect(try store.berth("image", "exists", "two").status == 1)
        #expect(try store.berth("image", "exists", "one").status == 0)

        #expect(try store.berth("untag", "one").status == 0)
        #expect(try store.berth("images", "--format", "{{.Repository}} {{.Tag}}").stdout == "<none> <none>\n")
        #expect(try store.berth("images", "--filter", "dangling=true", "-q").stdout == "\(id.prefix(12))\n")

        let pruned = try store.berth("image", "prune", "-f")
        #expect(pruned.stdout == id + "\n")
        #expect(try store.berth("images", "-q").stdout == "")
        #expect(FileSystem.list(store.root + "/blobs/sha256").isEmpty, "blobs reclaimed")
        let layerDirs = FileSystem.list(store.root + "/overlay") + FileSystem.list(store.root + "/vfs")
        #expect(layerDirs.isEmpty, "layers reclaimed")
    }

    @Test("image prune --filter: label=, label!= and until= choose among the unused images; an unknown filter is refused")
    func pruneFilter() throws {
        let store = TestStore("prunefilter")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        let kept = try store.berth("import", "--change", "LABEL keep=yes", tarball, "kept").out
        let plain = try store.berth("import", tarball, "plain").out
        #expect(kept.count == 64 && plain.count == 64 && kept != plain)

        #expect(try store.berth("image", "prune", "-a", "-f", "--filter", "until=10m").stdout == "", "both are younger than 10 minutes")
        #expect(try store.berth("image", "prune", "-a", "-f", "--filter", "label=keep=no").stdout == "")
        let unlabelled = try store.berth("image", "prune", "-a", "-f", "--filter", "label!=keep")
        #expect(unlabelled.status == 0, "\(unlabelled.stderr)")
        #expect(unlabelled.stdout == plain + "\n")
        #expect(try store.berth("images", "--format", "{{.Repository}}").stdout == "localhost/kept\n")

        let bad = try store.berth("image", "prune", "-a", "-f", "--filter", "colour=red")
        #expect(bad.status == 125)
        #expect(bad.stderr.contains("invalid image filter \"colour=red\""), "\(bad.stderr)")
        #expect(try store.berth("image", "exists", "kept").status == 0, "a refused filter removes nothing")

        let later = String(Int(Timestamp.now()) + 60)
        let old = try store.berth("image", "prune", "-a", "-f", "--filter", "until=" + later, "--filter", "label=keep=yes")
        #expect(old.stdout == kept + "\n", "\(old.stderr)")
        #expect(try store.berth("images", "-q").stdout == "")
    }

    @Test("rmi of a missing image fails with exit 1; -i ignores it")
    func rmiMissing() throws {
        let store = TestStore("rmimiss")
        let missing = try store.berth("rmi", "nope")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope: image not known"))
        #expect(try store.berth("rmi", "-i", "nope").status == 0)
    }

    @Test("an image used by a container is protected from rmi without -f")
    func inUse() throws {
        let store = TestStore("inuse", driver: .vfs)
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tarball, "used").status == 0)
        _ = try store.open().containers.create(name: "c1", image: "used")
        let rmi = try store.berth("rmi", "used")
        #expect(rmi.status == 2)
        #expect(rmi.stderr.contains("in use by a container"))
        #expect(try store.berth("image", "exists", "used").status == 0)
    }

    @Test("rmi -f removes the containers using the image, then the image")
    func forceRemovesContainers() throws {
        let store = TestStore("rmiforce", driver: .vfs)
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tarball, "used").status == 0)
        let created = try store.open().containers.create(name: "user", image: "used")
        let rmi = try store.berth("rmi", "-f", "used")
        #expect(rmi.status == 0, "\(rmi.stderr)")
        #expect(try store.berth("image", "exists", "used").status == 1)
        #expect(throws: EngineError.self) { try store.open().containers.lookup(created.id) }
        #expect(try StoreConsistency.problems(try store.open()) == [])
    }

    @Test("hostile names and archives are refused before anything is written", arguments: [
        "name-dotdot", "name-newline", "archive-dotdot", "archive-truncated", "not-an-archive",
    ])
    func hostile(_ kind: String) throws {
        let store = TestStore("hostile")
        let good = try EngineTestSupport.busyboxTarball(in: store.dir)
        var arguments: [String]
        switch kind {
        case "name-dotdot": arguments = ["import", good, "../evil"]
        case "name-newline": arguments = ["import", good, "evil\nname"]
        case "archive-dotdot":
            let bad = store.dir + "/bad.tar"
            try TestTar.write([.file("ok", "1"), .file("../../escaped", "x")], to: bad)
            arguments = ["import", bad, "bad"]
        case "archive-truncated":
            let data = try Data(contentsOf: URL(fileURLWithPath: good))
            try data.prefix(data.count / 3).write(to: URL(fileURLWithPath: store.dir + "/cut.tar"))
            arguments = ["import", store.dir + "/cut.tar", "cut"]
        default:
            try Data(repeating: 0x41, count: 5000).write(to: URL(fileURLWithPath: store.dir + "/junk.tar"))
            arguments = ["import", store.dir + "/junk.tar", "junk"]
        }
        let result = try store.berth(arguments)
        #expect(result.status == 125, "\(result.stdout)")
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(try store.berth("images", "-q").stdout == "")
        #expect(!FileManager.default.fileExists(atPath: store.dir + "/escaped"))
        #expect(FileSystem.list(store.root + "/tmp").isEmpty, "no staging left behind")
        #expect(FileSystem.list(store.root + "/blobs/sha256").isEmpty)
    }

    @Test("every verb has --help")
    func help() throws {
        let store = TestStore("help")
        for verb in [["import"], ["images"], ["image", "ls"], ["image", "inspect"], ["tag"], ["untag"], ["rmi"], ["image", "exists"],
                     ["image", "prune"], ["load"], ["save"], ["mount"], ["unmount"], ["volume", "create"], ["volume", "ls"],
                     ["volume", "inspect"], ["volume", "rm"], ["volume", "exists"], ["volume", "prune"], ["inspect"]] {
            let result = try store.berth(verb + ["--help"])
            #expect(result.status == 0, "\(verb)")
            #expect(result.stdout.contains("USAGE"), "\(verb)")
        }
    }
}

/// The read verbs BerthCommand parses directly (without the root's tree)
/// must behave exactly as through the full parser.
@Suite("Engine: directly parsed verbs (images, inspect, image exists)")
struct DirectVerbTests {
    @Test("the global options that may precede a direct verb are exactly GlobalOptions' options that take a value")
    func globalOptionNames() throws {
        let help = GlobalOptions.helpMessage(columns: 400)
        let names = Set(help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "=" || $0 == "<" })
            .map(String.init).filter { $0.hasPrefix("--") && $0 != "--help" })
        #expect(names == Set(GlobalOptions.valueOptionNames + GlobalOptions.flagOptionNames))
        for name in GlobalOptions.valueOptionNames {
            #expect(throws: (any Error).self) { _ = try GlobalOptions.parse([name]) }
        }
    }

    @Test("images, image ls, image inspect, inspect and image exists resolve to the same commands as the full parser")
    func sameCommands() throws {
        let cases: [[String]] = [
            ["images"], ["--root", "/r", "images", "-q"], ["--root=/r", "--log-level", "debug", "image", "ls"],
            ["image", "list", "--format", "json"], ["image", "inspect", "a", "b"], ["inspect", "--type", "image", "a"],
            ["image", "exists", "x"],
        ]
        for arguments in cases {
            let direct = try #require(BerthCommand.directCommand(arguments), "\(arguments)")
            let full = try BerthCommand.parseAsRoot(arguments)
            #expect(type(of: direct) == type(of: full), "\(arguments)")
            // The same values too (global options, flags, arguments).
            #expect(String(reflecting: direct) == String(reflecting: full), "\(arguments)")
        }
    }

    @Test("help, completion requests, other verbs and unknown leading options go through the full parser")
    func declined() {
        let cases: [[String]] = [
            ["images", "--help"], ["images", "-h"], ["help", "images"], ["--version"], ["--help"], [],
            ["--generate-completion-script", "bash"], ["images", "--generate-completion-script"],
            ["-x", "images"], ["--root"], ["import", "x.tar"], ["image", "rm", "x"], ["volume", "ls"], ["image"],
        ]
        for arguments in cases {
            #expect(BerthCommand.directCommand(arguments) == nil, "\(arguments)")
        }
    }
}
