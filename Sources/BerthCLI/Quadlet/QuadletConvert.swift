import ArgumentParser
import Engine
import Foundation

/// `berth quadlet convert`: a Compose file as Quadlet files.
struct QuadletConvert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a Compose file into Quadlet files",
        discussion: """
            Each service becomes NAME.container, each named volume NAME.volume, each network NAME.network; services \
            that name no network share PROJECT.network. Keys without a Quadlet equivalent are listed on standard error.
            """
    )
    @Option(name: .shortAndLong, help: "Write the files into this directory (default: print them)") var directory: String?
    @Option(help: "Project name (default: the file's name: or its directory's name)") var project: String?
    @Flag(help: "Put the containers in one PROJECT.pod that publishes their ports") var pod = false
    @Argument(help: "The Compose file") var file: String

    func run() throws {
        let conversion = try ComposeConverter(path: file, project: project, pod: pod).convert()
        for note in conversion.untranslated {
            FileHandle.standardError.write(Data("not translated: \(note)\n".utf8))
        }
        if let directory {
            try QuadletManager.writeConverted(conversion, into: directory).forEach { print($0) }
        } else {
            for (index, file) in conversion.files.enumerated() {
                print("\(index == 0 ? "" : "---\n")# FileName=\(file.name)\n\(file.text)", terminator: "")
            }
        }
    }
}
