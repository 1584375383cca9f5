import ArgumentParser

/// `berth generate ...`: files made from existing objects.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate structured data based on containers, pods or volumes",
        subcommands: [GenerateQuadlet.self]
    )
}
