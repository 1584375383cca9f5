import Engine
import GoTemplate
import ArgumentParser

/// `berth import`: a root filesystem tarball becomes an image.
struct ImageImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a tarball to create a filesystem image",
        usage: "berth import [options] PATH [REFERENCE]"
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions

    @Option(name: [.short, .long], help: "Apply the following possible instructions to the created image: CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | STOPSIGNAL | USER | VOLUME | WORKDIR")
    var change: [String] = []

    @Option(name: [.short, .long], help: "Set commit message for imported image")
    var message: String?

    @Flag(name: [.short, .long], help: "Suppress output")
    var quiet = false

    @Option(help: "Set the OS of the imported image") var os: String?
    @Option(help: "Set the architecture of the imported image") var arch: String?
    @Option(help: "Set the variant of the imported image") var variant: String?

    @Argument(help: "Tarball path, or - for standard input") var path: String
    @Argument(help: "Name for the new image") var reference: String?

    func run() throws {
        let platform = try Platform(platform: nil, os: os, arch: arch, variant: variant)
        let store = try global.openStore()
        let id = try store.images.importTarball(path: path, names: reference.map { [$0] } ?? [], changes: change, message: message,
                                                platform: platform)
        print(id)
    }
}
