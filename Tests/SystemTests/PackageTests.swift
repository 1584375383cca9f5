import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Builds the .deb once for the suite.
enum PackageSupport {
    static let generateManual = SystemTestSupport.binDir.map { $0 + "/generate-manual" }

    static var canRun: Bool {
        SystemTestSupport.canBoot && SystemTestSupport.which("dpkg-deb") != nil
            && generateManual.map { FileManager.default.isExecutableFile(atPath: $0) } == true
    }

    /// The package, built once into a directory of its own.
    static let package: Result<String, SystemTestError> = {
        let out = "/tmp/berth-st-deb-\(getpid())"
        do {
            let built = try SystemTestSupport.run("/bin/bash", [SystemTestSupport.packageRoot + "/packaging/build-deb.sh"], environment: [
                "BERTH_BIN_DIR": SystemTestSupport.binDir!, "GENERATE_MANUAL": generateManual!, "OUT_DIR": out, "DEB_COMPRESS": "gzip",
            ])
            guard built.status == 0 else { return .failure(SystemTestError("build-deb.sh: \(built.stderr)")) }
            return .success(built.out.split(separator: "\n").last.map(String.init) ?? "")
        } catch {
            return .failure(SystemTestError("\(error)"))
        }
    }()
}

/// The Debian package from packaging/build-deb.sh in a fresh box: it
/// installs, a `.container` installed with `berth quadlet install` runs,
/// Podman's generator keeps the Quadlet files until masked, reinstalling
/// upgrades in place, `quadlet rm --force` stops the unit, and the package
/// removes cleanly. The package is built from the debug binaries (a
/// release build takes too long here; build-deb.sh alone builds release).
@Suite("System: the berth .deb and berth quadlet install/list/rm", .serialized,
       .enabled(if: PackageSupport.canRun, "needs root, sdbox, dpkg-deb and the built berth, generator, monitor and generate-manual"))
struct PackageTests {
    @Test("lintian finds no errors in the package", .enabled(if: SystemTestSupport.which("lintian") != nil, "needs lintian"))
    func lintian() throws {
        let deb = try PackageSupport.package.get()
        let r = try SystemTestSupport.run("/usr/bin/lintian", ["--no-tag-display-limit", deb])
        let errors = r.stdout.split(separator: "\n").filter { $0.hasPrefix("E:") }
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
    }

    @Test("install, a .container runs, Podman's generator keeps its files until masked, upgrade, quadlet rm --force, remove")
    func lifecycle() throws {
        let deb = try PackageSupport.package.get()
        let box = try Box("deb")
        defer { box.stop() }
        // The box's lower layer is this host, which may have Berth installed
        // by hand (packaging/install.sh): a fresh system has none of it.
        try box.exec("rm", "-rf", "/usr/bin/berth", "/usr/libexec/berth", "/usr/lib/systemd/system-generators/berth-generator",
                     "/usr/lib/systemd/user-generators/berth-user-generator", "/usr/lib/systemd/system-generators/podman-system-generator",
                     "/usr/lib/systemd/user-generators/podman-user-generator")
        try FileManager.default.copyItem(atPath: deb, toPath: box.root + "/root/berth.deb")
        let installed = try box.exec("dpkg", "-i", "/root/berth.deb")
        try #require(installed.status == 0, "dpkg -i: \(installed.stdout)\(installed.stderr)")
        #expect(try box.exec("dpkg-query", "-W", "-f", "${Status}", "berth").out == "install ok installed")
        for path in ["/usr/lib/systemd/system-generators/berth-system-generator", "/usr/lib/systemd/user-generators/berth-user-generator",
                     "/usr/share/man/man1/berth-run.1.gz", "/usr/share/man/man1/berth-quadlet-install.1.gz",
                     "/usr/share/man/man8/berth-generator.8.gz", "/usr/share/man/man5/berth.unit.5.gz",
                     "/usr/share/bash-completion/completions/berth", "/usr/lib/systemd/user/berth-user-wait-network-online.service",
                     "/usr/lib/systemd/system/berth-auto-update.timer", "/usr/lib/systemd/user/berth-auto-update.timer"] {
            #expect(try box.exec("test", "-e", path).status == 0, "\(path) is installed")
        }
        #expect(try box.exec("zgrep", "-q", "PublishPort=", "/usr/share/man/man5/berth.unit.5.gz").status == 0, "berth.unit(5) lists the keys")

        try SharedBox.imageTarball(at: box.root + "/root/image.tar", scratch: box.scratch)
        #expect(try box.berth("import", "/root/image.tar", SharedBox.image).status == 0)
        try Data("""
            [Container]
            Image=\(SharedBox.image)
            Exec=sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'
            Network=none
            EnvironmentFile=pkgweb.env
            """.utf8).write(to: URL(fileURLWithPath: box.root + "/root/pkgweb.container"))
        try Data("GREETING=hello\n".utf8).write(to: URL(fileURLWithPath: box.root + "/root/pkgweb.env"))

        let install = try box.berth("quadlet", "install", "/root/pkgweb.container")
        try #require(install.status == 0, "\(install.stderr)")
        #expect(install.out == "/etc/containers/systemd/pkgweb.container")
        #expect(try box.exec("cat", "/etc/containers/systemd/pkgweb.env").out == "GREETING=hello")
        let again = try box.berth("quadlet", "install", "/root/pkgweb.container")
        #expect(again.status != 0 && again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(try box.berth("quadlet", "list", "--noheading", "--format", "{{.Name}} {{.UnitName}} {{.Status}}").out
            == "pkgweb.container pkgweb.service inactive/dead")
        #expect(try box.exec("systemctl", "start", "pkgweb.service").status == 0)
        #expect(try box.waitForState("pkgweb.service", ["active"]) == "active")
        #expect(try box.berth("exec", "systemd-pkgweb", "sh", "-c", "echo $GREETING").out == "hello")
        let list = try box.berth("quadlet", "list", "--filter", "status=active/running")
        #expect(list.stdout.contains("pkgweb.container") && list.stdout.hasPrefix("NAME"), "\(list.stdout)")
        #expect(try box.berth("quadlet", "print", "pkgweb.container").stdout.contains("EnvironmentFile=pkgweb.env"))

        // Podman's generator present: Berth's steps aside (the unit is no
        // longer generated); masking Podman's gives the files back to Berth.
        try box.exec("sh", "-c", "printf '#!/bin/sh\\nexit 0\\n' > /usr/lib/systemd/system-generators/podman-system-generator && chmod 755 /usr/lib/systemd/system-generators/podman-system-generator")
        try box.writeQuadlet("pkgidle.container", "[Container]\nImage=\(SharedBox.image)\nExec=true\n")
        try box.reload()
        #expect(try box.property("pkgidle.service", "LoadState") == "not-found")
        try box.exec("mkdir", "-p", "/etc/systemd/system-generators")
        try box.exec("ln", "-s", "/dev/null", "/etc/systemd/system-generators/podman-system-generator")
        try box.reload()
        #expect(try box.property("pkgidle.service", "LoadState") == "loaded")

        let upgrade = try box.exec("dpkg", "-i", "/root/berth.deb")
        #expect(upgrade.status == 0, "reinstall: \(upgrade.stderr)")
        #expect(try box.property("pkgweb.service", "ActiveState") == "active", "an upgrade leaves running units alone")

        let refused = try box.berth("quadlet", "rm", "pkgweb.container")
        #expect(refused.status != 0 && refused.stderr.contains("is running"), "\(refused.stderr)")
        let removed = try box.berth("quadlet", "rm", "--force", "pkgweb.container")
        #expect(removed.status == 0 && removed.out == "pkgweb.container", "\(removed.stderr)")
        #expect(try box.property("pkgweb.service", "ActiveState") == "inactive")
        #expect(try box.exec("test", "-e", "/etc/containers/systemd/pkgweb.env").status != 0, "the env file went with it")
        #expect(try box.property("pkgweb.service", "LoadState") == "not-found")

        let remove = try box.exec("dpkg", "-r", "berth")
        #expect(remove.status == 0, "dpkg -r: \(remove.stderr)")
        #expect(try box.exec("test", "-e", "/usr/bin/berth").status != 0)
        #expect(try box.exec("test", "-L", "/usr/lib/systemd/system-generators/berth-system-generator").status != 0)
        #expect(try box.property("pkgidle.service", "LoadState") == "not-found", "daemon-reload after removal forgets the services")
    }

    @Test("as a user: quadlet install writes ~/.config/containers/systemd, list shows the user's unit, rm removes it")
    func userQuadlets() throws {
        let box = try Box("debuser")
        defer { box.stop() }
        try Box.install(into: box.root)
        let env = ["SDBOX_NAME": box.name]
        let setup = try SystemTestSupport.run(SystemTestSupport.sdbox!, ["user-setup", "quser"], environment: env)
        try #require(setup.status == 0, "\(setup.stderr)")
        func user(_ arguments: String...) throws -> SystemTestSupport.Result {
            try SystemTestSupport.run(SystemTestSupport.sdbox!, ["uexec", "quser"] + arguments, environment: env)
        }
        try user("sh", "-c", "printf '[Container]\\nImage=localhost/x\\nExec=true\\n' > /tmp/mine.container")
        let install = try user("berth", "quadlet", "install", "/tmp/mine.container")
        try #require(install.status == 0, "\(install.stderr)")
        #expect(install.out == "/home/quser/.config/containers/systemd/mine.container")
        #expect(try user("berth", "quadlet", "list", "--format", "{{.Name}} {{.Status}}").out == "mine.container inactive/dead")
        #expect(try box.berth("quadlet", "list", "--format", "{{.Name}}").out.contains("mine.container") == false, "root's list is root's")
        #expect(try user("berth", "quadlet", "rm", "mine.container").out == "mine.container")
        #expect(try user("systemctl", "--user", "show", "-P", "LoadState", "mine.service").out == "not-found")
    }

    @Test("a Compose file converted into /etc/containers/systemd runs: the web service starts its database first and answers on its published port")
    func composeRuns() throws {
        let box = try Box("compose")
        defer { box.stop() }
        try Box.install(into: box.root)
        try SharedBox.imageTarball(at: box.root + "/root/image.tar", scratch: box.scratch)
        #expect(try box.berth("import", "/root/image.tar", SharedBox.image).status == 0)
        let project = box.root + "/root/shop"
        try FileManager.default.createDirectory(atPath: project + "/html", withIntermediateDirectories: true)
        try Data("shop is open\n".utf8).write(to: URL(fileURLWithPath: project + "/html/index.html"))
        try Data("""
            services:
              web:
                image: \(SharedBox.image)
                command: ["httpd", "-f", "-p", "8080", "-h", "/srv"]
                ports: ["127.0.0.1:18080:8080"]
                volumes: ["./html:/srv:ro"]
                depends_on: [db]
              db:
                image: \(SharedBox.image)
                command: sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'
                volumes: ["dbdata:/data"]
            volumes:
              dbdata:
            """.utf8).write(to: URL(fileURLWithPath: project + "/compose.yaml"))
        let converted = try box.berth("quadlet", "convert", "-d", "/etc/containers/systemd", "/root/shop/compose.yaml")
        try #require(converted.status == 0, "\(converted.stderr)")
        #expect(converted.out.split(separator: "\n").count == 4, "dbdata.volume, shop.network, web.container, db.container: \(converted.out)")
        try box.reload()
        let started = try box.exec("systemctl", "start", "web.service")
        let journal = started.status == 0 ? "" : try box.journal(["-u", "web.service"])
        try #require(started.status == 0, "\(started.stderr)\n\(journal)")
        #expect(try box.property("db.service", "ActiveState") == "active", "depends_on: db started with web")
        var page = ""
        for _ in 0..<50 where !page.contains("shop is open") {
            page = try box.exec("busybox", "wget", "-q", "-O", "-", "http://127.0.0.1:18080/").stdout
            usleep(100_000)
        }
        #expect(page == "shop is open\n")
        let list = try box.berth("quadlet", "list", "--format", "{{.Name}} {{.Status}}").out
        #expect(list.contains("web.container active/running") && list.contains("db.container active/running"), "\(list)")
    }
}
