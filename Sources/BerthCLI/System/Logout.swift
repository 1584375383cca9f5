import Engine
import ArgumentParser

/// `berth logout REGISTRY` / `--all`: removes credentials from auth.json.
struct Logout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Log out of a container registry",
        usage: "berth logout [options] [REGISTRY]"
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(help: "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override") var authfile: String?
    @Flag(name: [.short, .long], help: "Remove the cached credentials for all registries in the auth file") var all = false
    @Argument(help: "Registry to log out of") var server: String?

    func validate() throws {
        if all && server != nil { throw ValidationError("--all takes no registry") }
        if !all && server == nil { throw ValidationError("registry must be given") }
    }

    func run() throws {
        let authFile = AuthFile(explicit: authfile)
        if all {
            try authFile.removeAll()
            print("Removed login credentials for all registries")
            return
        }
        let key = RegistryLogin.key(server!)
        guard try authFile.remove(key) else { throw EngineError(.notFound, "not logged into \(key)") }
        print("Removed login credentials for \(key)")
    }
}
