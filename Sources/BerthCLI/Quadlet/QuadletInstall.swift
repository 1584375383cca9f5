import ArgumentParser
import Engine

/// `berth quadlet install`: copies Quadlet files, `.quadlets` bundles and
/// application directories where the generator reads them.
struct QuadletInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install Quadlet files or a Quadlet application",
        discussion: """
            Copies each Quadlet file (with the relative files its EnvironmentFile=, Yaml=, ConfigMap= or File= name), \
            each .quadlets file (units separated by '---' lines, each with a '# FileName=NAME' comment) and each \
            directory (an application: every file in it) into /etc/containers/systemd as root, or \
            ~/.config/containers/systemd as a user. Other files given after a Quadlet are installed with it.
            """
    )
    @Flag(name: [.short, .long], help: "Replace Quadlet files that are already installed") var replace = false
    @Flag(inversion: .prefixedNo, help: "Reload systemd after installing") var reloadSystemd = true
    @Option(help: "Install the files as one application of this name (removed together)") var application: String?
    @Argument(help: "Quadlet files, .quadlets files, directories or files a Quadlet needs") var paths: [String]

    func run() throws {
        let manager = QuadletManager.forCurrentProcess()
        let installed = try manager.install(paths, replace: replace, application: application)
        if reloadSystemd { try manager.reloadSystemd() }
        installed.forEach { print($0) }
    }
}
