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
        // The image is written as this machine's: asking for that is honoured, anything else refused.
        if let os, os != "linux" { throw EngineError.invalid("--os \(os) is not supported yet: imported images are linux images") }
        if let arch, arch != ImageStore.hostArchitecture {
            throw EngineError.invalid("--arch \(arch) is not supported yet: imported images are \(ImageStore.hostArchitecture) images")
        }
        if variant != nil { throw EngineError.invalid("--variant is not supported yet: imported images have no variant") }
        let store = try global.openStore()
        let id = try store.images.importTarball(path: path, names: reference.map { [$0] } ?? [], changes: change, message: message)
        print(id)
    }
}
