import Engine
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth secret create NAME FILE|-` (or `--env NAME VARIABLE`): prints the new secret's ID.
struct SecretCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a new secret")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Specify secret driver") var driver: String = "file"
    @Option(name: .customLong("driver-opts"), help: "Specify driver specific options (path=DIR for file)") var driverOpts: [String] = []
    @Flag(help: "Read secret data from environment variable") var env = false
    @Option(name: [.short, .long], help: "Specify labels on the secret") var label: [String] = []
    @Flag(help: "If a secret with the same name exists, replace it") var replace = false
    @Argument(help: "Secret name") var name: String
    @Argument(help: "File with the secret's data, - for standard input (with --env: an environment variable)") var source: String

    func run() throws {
        let data: [UInt8]
        if env {
            guard let value = getenv(source) else {
                throw EngineError(.notFound, "cannot create store secret data: environment variable \(source) is not set")
            }
            data = Array(String(cString: value).utf8)
        } else {
            data = Array(try SecretStore.readData(from: source))
        }
        var spec = SecretSpec(name: name, data: .init(data))
        spec.driver = driver
        spec.replace = replace
        for item in label {
            let (key, value) = ContainerCreateOptions.keyValue(item)
            spec.labels[key] = value
        }
        for group in driverOpts {
            for item in group.split(separator: ",") {
                let (key, value) = ContainerCreateOptions.keyValue(String(item))
                spec.driverOptions[key] = value
            }
        }
        print(try global.openStore().secrets.create(spec))
    }
}
