import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `.image` units, `Pull=` and `berth auto-update` under a real systemd,
/// against a registry (Debian's docker-registry, plain HTTP) run as a unit
/// on the box's own loopback: the box has a network namespace of its own,
/// so the host's loopback registry is out of its reach.
@Suite("System: .image units, Pull= and auto-update against a registry in the box",
       .enabled(if: SystemTestSupport.canBoot && SystemTestSupport.which("docker-registry") != nil && SystemTestSupport.hasCompiler,
                "needs root, sdbox, runc, busybox-static, docker-registry, a C compiler (sd-notify in the image) and the built berth"),
       .serialized)
struct RegistryQuadletTests {
    static let registry = "127.0.0.1:5000"
    static let shared: Result<Box, SystemTestError> = SharedBox.make("registry").flatMap { box in
        do {
            try startRegistry(in: box)
            return .success(box)
        } catch let error as SystemTestError {
            return .failure(error)
        } catch {
            return .failure(SystemTestError("\(error)"))
        }
    }

    private func box() throws -> Box { try RegistryQuadletTests.shared.get() }

    /// docker-registry as a transient unit, its address made insecure
    /// (plain HTTP) in registries.conf, as a user would set up a local one.
    static func startRegistry(in box: Box) throws {
        let config = """
            version: 0.1
            storage:
              filesystem:
                rootdirectory: /var/lib/test-registry
            http:
              addr: \(registry)
            log:
              level: warn
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: box.root + "/root/registry.yml"))
        let dropIns = box.root + "/etc/containers/registries.conf.d"
        try FileManager.default.createDirectory(atPath: dropIns, withIntermediateDirectories: true)
        try Data("[[registry]]\nlocation = \"\(registry)\"\ninsecure = true\n".utf8)
            .write(to: URL(fileURLWithPath: dropIns + "/90-berth-test.conf"))
        let started = try box.exec("systemd-run", "--unit=test-registry", "/usr/bin/docker-registry", "serve", "/root/registry.yml")
        guard started.status == 0 else { throw SystemTestError("systemd-run docker-registry: \(started.stderr)") }
        for _ in 0..<100 {
            if try box.exec("/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://\(registry)/v2/").status == 0 { return }
            usleep(100_000)
        }
        throw SystemTestError("the registry in the box never answered: \(try box.journal(["-u", "test-registry"]))")
    }

    /// An image whose command says `version` on its output and becomes
    /// ready (or, `broken`, exits 1 at once), pushed to the box's registry
    /// as `name`; the local copy is removed, so a user of `name` pulls it.
    /// Returns the image ID.
    @discardableResult
    private func publish(_ box: Box, _ name: String, version: String, broken: Bool = false) throws -> String {
        let script = broken ? "echo \(version) broken; exit 1"
                            : "echo running \(version); trap 'exit 0' TERM; sd-notify READY=1; while :; do sleep 0.2; done"
        let cmd = "CMD [\"/bin/sh\", \"-c\", \"\(script)\"]"
        let local = "localhost/build/\(version):latest"
        let imported = try box.berth("import", "--change", cmd, "/root/image.tar", local)
        try #require(imported.status == 0, "import: \(imported.stderr)")
        let pushed = try box.berth("push", "--quiet", local, "\(RegistryQuadletTests.registry)/\(name)")
        try #require(pushed.status == 0, "push: \(pushed.stderr)")
        #expect(try box.berth("rmi", local).status == 0)
        return imported.out
    }

    private func start(_ box: Box, _ unit: String) throws {
        try box.reload()
        let started = try box.exec("systemctl", "start", unit)
        try #require(started.status == 0, "systemctl start \(unit): \(started.stderr)\n\((try? box.journal(["-u", unit])) ?? "")")
    }

    private func imageID(_ box: Box, container: String) throws -> String {
        try box.berth("container", "inspect", "--format", "{{.Image}}", container).out
    }

    @Test(".image with every pull key but DecryptionKey= (refused: berth does not decrypt) pulls at start; Image=x.image makes the container wait for it and run the pulled image")
    func imageUnit() throws {
        let box = try box()
        let id = try publish(box, "imgunit:v1", version: "imgunit")
        try Data(#"{"auths": {}}"#.utf8).write(to: URL(fileURLWithPath: box.root + "/root/auth.json"))
        try FileManager.default.createDirectory(atPath: box.root + "/root/certs", withIntermediateDirectories: true)
        let arch = try box.exec("uname", "-m").out == "aarch64" ? "arm64" : "amd64"
        try box.writeQuadlet("imgunit.image", """
            [Image]
            Image=\(RegistryQuadletTests.registry)/imgunit:v1
            ImageTag=\(RegistryQuadletTests.registry)/imgunit:v1
            Arch=\(arch)
            OS=linux
            AuthFile=/root/auth.json
            CertDir=/root/certs
            Creds=someone:secret
            Retry=2
            RetryDelay=1s
            Policy=always
            TLSVerify=false
            GlobalArgs=--log-level=info
            PodmanArgs=--quiet
            """)
        try box.writeQuadlet("imgunit.container", """
            [Container]
            Image=imgunit.image
            Notify=true
            Network=none
            StopTimeout=1
            """)
        try box.reload()
        #expect(try box.property("imgunit.service", "Requires").split(separator: " ").contains("imgunit-image.service"))
        #expect(try box.property("imgunit.service", "After").split(separator: " ").contains("imgunit-image.service"))
        #expect(try box.berth("image", "exists", "\(RegistryQuadletTests.registry)/imgunit:v1").status == 1, "not pulled before the start")
        try start(box, "imgunit.service")
        #expect(try box.property("imgunit-image.service", "ActiveState") == "active", "the pull unit stays active")
        #expect(try box.property("imgunit.service", "ActiveState") == "active")
        #expect(try imageID(box, container: "systemd-imgunit") == id)
        #expect(try box.journal(["-u", "imgunit.service"], until: "running imgunit").contains("running imgunit"))
        #expect(try box.exec("systemctl", "stop", "imgunit.service").status == 0)
    }

    @Test(".image of a docker-archive with ImageTag=: the container of Image=x.image runs the archive's image by that name")
    func archiveImageTag() throws {
        let box = try box()
        let cmd = "CMD [\"/bin/sh\", \"-c\", \"echo from archive; trap 'exit 0' TERM; sd-notify READY=1; while :; do sleep 0.2; done\"]"
        let imported = try box.berth("import", "--change", cmd, "/root/image.tar", "localhost/build/archived:latest")
        try #require(imported.status == 0, "import: \(imported.stderr)")
        let saved = try box.berth("push", "-q", "localhost/build/archived:latest", "docker-archive:/root/archived.tar:localhost/archived:1")
        try #require(saved.status == 0, "push docker-archive: \(saved.stderr)")
        #expect(try box.berth("rmi", "localhost/build/archived:latest").status == 0)
        try box.writeQuadlet("archived.image", """
            [Image]
            Image=docker-archive:/root/archived.tar
            ImageTag=localhost/archived:1
            """)
        try box.writeQuadlet("archived.container", """
            [Container]
            Image=archived.image
            Notify=true
            Network=none
            StopTimeout=1
            """)
        try start(box, "archived.service")
        #expect(try imageID(box, container: "systemd-archived") == imported.out)
        #expect(try box.berth("container", "inspect", "--format", "{{.ImageName}}", "systemd-archived").out == "localhost/archived:1")
        #expect(try box.exec("systemctl", "stop", "archived.service").status == 0)
    }

    @Test(".image with AllTags=true pulls every tag of the repository")
    func allTags() throws {
        let box = try box()
        let one = try publish(box, "tags:one", version: "tagone")
        let two = try publish(box, "tags:two", version: "tagtwo")
        try box.writeQuadlet("alltags.image", """
            [Image]
            Image=\(RegistryQuadletTests.registry)/tags
            AllTags=true
            """)
        try start(box, "alltags-image.service")
        #expect(try box.berth("image", "inspect", "--format", "{{.Id}}", "\(RegistryQuadletTests.registry)/tags:one").out == one)
        #expect(try box.berth("image", "inspect", "--format", "{{.Id}}", "\(RegistryQuadletTests.registry)/tags:two").out == two)
    }

    @Test("Pull=always on a .container pulls the image the box does not have; Pull=never fails the unit")
    func pullKey() throws {
        let box = try box()
        let id = try publish(box, "pulled:latest", version: "pulled")
        try box.writeQuadlet("pullalways.container", """
            [Container]
            Image=\(RegistryQuadletTests.registry)/pulled:latest
            Pull=always
            Notify=true
            Network=none
            StopTimeout=1
            """)
        try box.writeQuadlet("pullnever.container", """
            [Container]
            Image=\(RegistryQuadletTests.registry)/never-pulled:latest
            Pull=never
            Network=none
            """)
        try start(box, "pullalways.service")
        #expect(try imageID(box, container: "systemd-pullalways") == id)
        #expect(try box.exec("systemctl", "start", "pullnever.service").status != 0)
        #expect(try box.journal(["-u", "pullnever.service"], until: "image not known").contains("image not known"))
        #expect(try box.exec("systemctl", "stop", "pullalways.service").status == 0)
        _ = try box.exec("systemctl", "reset-failed", "pullnever.service")
    }

    @Test("auto-update: v2 pushed → the unit restarts on v2; a broken v3 → rolled back to v2 and the unit is active")
    func autoUpdate() throws {
        let box = try box()
        let name = "\(RegistryQuadletTests.registry)/app:latest"
        let v1 = try publish(box, "app:latest", version: "v1")
        try box.writeQuadlet("app.image", "[Image]\nImage=\(name)\n")
        try box.writeQuadlet("app.container", """
            [Container]
            Image=app.image
            ContainerName=app
            AutoUpdate=registry
            Notify=true
            Network=none
            StopTimeout=1
            [Service]
            TimeoutStartSec=30
            """)
        try start(box, "app.service")
        #expect(try imageID(box, container: "app") == v1)
        #expect(try box.berth("container", "inspect", "--format", "{{index .Config.Labels \"PODMAN_SYSTEMD_UNIT\"}}", "app").out == "app.service")

        let unchanged = try box.berth("auto-update")
        #expect(unchanged.status == 0, "\(unchanged.stderr)")
        #expect(unchanged.out.contains("app.service") && unchanged.out.hasSuffix("false"), "\(unchanged.out)")

        let v2 = try publish(box, "app:latest", version: "v2")
        let dryRun = try box.berth("auto-update", "--dry-run", "--format", "{{.Unit}} {{.Policy}} {{.Updated}}")
        #expect(dryRun.out == "app.service registry pending", "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(try imageID(box, container: "app") == v1, "a dry run changes nothing")

        let updated = try box.berth("auto-update")
        #expect(updated.status == 0, "\(updated.stderr)")
        let lines = updated.out.split(separator: "\n")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["UNIT", "CONTAINER", "IMAGE", "POLICY", "UPDATED"])
        #expect(lines.last?.split(separator: " ", omittingEmptySubsequences: true).last == "true", "\(updated.out)")
        #expect(lines.last?.contains(name) == true)
        #expect(try imageID(box, container: "app") == v2)
        #expect(try box.property("app.service", "ActiveState") == "active")
        #expect(try box.journal(["-u", "app.service"], until: "running v2").contains("running v2"))

        try publish(box, "app:latest", version: "v3", broken: true)
        let rolledBack = try box.berth("auto-update", "--format", "json")
        #expect(rolledBack.status == 0, "\(rolledBack.stderr)")
        #expect(rolledBack.out.contains("\"Updated\": \"rolled back\""), "\(rolledBack.out)")
        #expect(try box.journal(["-u", "app.service"], until: "v3 broken").contains("v3 broken"), "v3 was tried")
        #expect(try box.property("app.service", "ActiveState") == "active")
        #expect(try imageID(box, container: "app") == v2)
        #expect(try box.berth("image", "inspect", "--format", "{{.Id}}", name).out == v2, "the name is v2's again")
        #expect(try box.exec("systemctl", "stop", "app.service").status == 0)
    }

    @Test("auto-update with AutoUpdate=local: the local name moved to another image → the unit restarts on it, no registry asked")
    func localPolicy() throws {
        let box = try box()
        let name = "localhost/local-app:latest"
        func make(_ version: String) throws -> String {
            let cmd = "CMD [\"/bin/sh\", \"-c\", \"echo local \(version); trap 'exit 0' TERM; sd-notify READY=1; while :; do sleep 0.2; done\"]"
            let imported = try box.berth("import", "--change", cmd, "/root/image.tar", name)
            try #require(imported.status == 0, "import: \(imported.stderr)")
            return imported.out
        }
        let first = try make("one")
        try box.writeQuadlet("localapp.container", """
            [Container]
            Image=\(name)
            AutoUpdate=local
            Notify=true
            Network=none
            StopTimeout=1
            """)
        try start(box, "localapp.service")
        #expect(try imageID(box, container: "systemd-localapp") == first)
        let second = try make("two")
        let updated = try box.berth("auto-update", "--format", "{{.Unit}} {{.Image}} {{.Policy}} {{.Updated}}")
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(updated.out == "localapp.service \(name) local true", "\(updated.stdout)")
        #expect(try imageID(box, container: "systemd-localapp") == second)
        #expect(try box.property("localapp.service", "ActiveState") == "active")
        #expect(try box.exec("systemctl", "stop", "localapp.service").status == 0)
    }

    @Test("auto-update names a labelled container that no unit runs, and exits 125")
    func noUnit() throws {
        let box = try box()
        let run = try box.berth("run", "-d", "--name", "loose", "--label", "io.containers.autoupdate=registry", "--network", "none",
                                SharedBox.image, "sleep", "100")
        try #require(run.status == 0, "\(run.stderr)")
        defer { _ = try? box.berth("rm", "-f", "-t", "0", "loose") }
        let result = try box.berth("auto-update")
        #expect(result.status == 125)
        #expect(result.stderr.contains("no PODMAN_SYSTEMD_UNIT label found"), "\(result.stderr)")
    }

    @Test("the packaged berth-auto-update.timer and .service are installed and the timer can be enabled")
    func timer() throws {
        let box = try box()
        for unit in ["berth-auto-update.service", "berth-auto-update.timer"] {
            #expect(FileManager.default.fileExists(atPath: box.root + "/usr/lib/systemd/system/" + unit))
            #expect(FileManager.default.fileExists(atPath: box.root + "/usr/lib/systemd/user/" + unit))
        }
        #expect(try box.exec("systemctl", "enable", "--now", "berth-auto-update.timer").status == 0)
        #expect(try box.property("berth-auto-update.timer", "ActiveState") == "active")
        #expect(try box.exec("systemctl", "disable", "--now", "berth-auto-update.timer").status == 0)
    }
}
