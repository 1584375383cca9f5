import Engine
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `berth login REGISTRY`: checks credentials against the registry and
/// stores them in Podman's auth.json.
struct Login: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a container registry",
        usage: "berth login [options] REGISTRY"
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @OptionGroup(title: "Registry options") var registry: RegistryFlags
    @Option(name: [.short, .long], help: "Username for registry") var username: String?
    @Option(name: [.short, .long], help: "Password for registry") var password: String?
    @Flag(name: .customLong("password-stdin"), help: "Take the password from stdin") var passwordStdin = false
    @Flag(name: .customLong("get-login"), help: "Return the current login user for the registry") var getLogin = false
    @Argument(help: "Registry to log in to") var server: String

    func validate() throws {
        if password != nil && passwordStdin { throw ValidationError("--password and --password-stdin are mutually exclusive") }
    }

    func run() throws {
        let key = RegistryLogin.key(server)
        let authFile = AuthFile(explicit: registry.authfile)
        if getLogin {
            guard let user = try authFile.username(for: key) else { throw EngineError(.notFound, "not logged into \(key)") }
            print(user)
            return
        }
        guard let username = try username ?? Login.prompt("Username: ", echo: true), !username.isEmpty else {
            throw EngineError.invalid("username is required: use --username")
        }
        let secret: String
        if passwordStdin {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        } else if let password {
            secret = password
        } else if let typed = try Login.prompt("Password: ", echo: false) {
            secret = typed
        } else {
            throw EngineError.invalid("password is required: use --password or --password-stdin")
        }
        let credentials = RegistryCredentials(username: username, password: secret)
        try RegistryLogin(options: registry.options(creds: nil)).login(key, credentials: credentials, authFile: authFile)
        print("Login Succeeded!")
    }

    /// Reads a line from the terminal; nil when standard input is not one.
    static func prompt(_ text: String, echo: Bool) throws -> String? {
        guard isatty(0) == 1 else { return nil }
        FileHandleOutput.standardError(text, newline: false)
        var saved = termios()
        let hide = !echo && tcgetattr(0, &saved) == 0
        if hide {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSANOW, &quiet)
        }
        defer {
            if hide {
                tcsetattr(0, TCSANOW, &saved)
                print("")
            }
        }
        return readLine(strippingNewline: true)
    }
}
