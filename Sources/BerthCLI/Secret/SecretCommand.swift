import ArgumentParser

/// `berth secret ...`
struct SecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Manage secrets",
        subcommands: [SecretCreate.self, SecretList.self, SecretInspect.self, SecretRemove.self, SecretExists.self]
    )
}
