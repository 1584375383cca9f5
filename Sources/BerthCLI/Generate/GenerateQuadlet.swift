import ArgumentParser
import Engine
import Foundation

/// `berth generate quadlet`: Quadlet files that recreate containers, pods,
/// volumes and networks, as a `.quadlets` bundle (`quadlet install` takes
/// it) or files in a directory.
struct GenerateQuadlet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quadlet",
        abstract: "Generate Quadlet files that recreate containers, pods, volumes or networks",
        discussion: """
            A container or pod is read back from the command line that created it: flags with a Quadlet key become \
            that key, the others PodmanArgs=. Without --directory the files are printed as one .quadlets bundle \
            (berth quadlet install reads it).
            """
    )
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .customLong("directory")], help: "Write the files into this directory (default: print them)") var directory: String?
    @Argument(help: "Containers, pods, volumes or networks") var names: [String]

    func validate() throws {
        if names.isEmpty { throw ValidationError("generate quadlet requires at least one container, pod, volume or network") }
    }

    func run() throws {
        let export = QuadletExport(store: try global.openStore(), takesValue: Self.takesValue)
        let generated = try export.export(names)
        for note in generated.untranslated {
            FileHandle.standardError.write(Data("note: \(note)\n".utf8))
        }
        if let directory {
            try QuadletManager.writeConverted(generated, into: directory).forEach { print($0) }
        } else {
            for (index, file) in generated.files.enumerated() {
                print("\(index == 0 ? "" : "---\n")# FileName=\(file.name)\n\(file.text)", terminator: "")
            }
        }
    }

    /// A flag that takes no value parses alone (with an image for run);
    /// one that takes a value fails for want of it.
    static func takesValue(_ flag: String, pod: Bool) -> Bool {
        if pod { return (try? PodCreate.parse([flag])) == nil }
        return (try? ContainerRun.parse([flag, "localhost/image"])) == nil
    }
}
