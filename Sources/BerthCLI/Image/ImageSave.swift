import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth save -o FILE IMAGE...`.
struct ImageSave: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "save", abstract: "Save image(s) to an archive")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Write to a specified file (default: stdout, which must be redirected)") var output: String = "-"
    @Option(help: "Save image to oci-archive or docker-archive") var format: String = "docker-archive"
    @Flag(name: [.short, .long], help: "Suppress the output") var quiet = false
    @Flag(name: [.short, .customLong("multi-image-archive")], help: "Interpret additional arguments as images not tags and create a multi-image-archive") var multiImageArchive = false
    @Flag(help: "Compress tarball image layers when saving to a directory") var compress = false
    @Argument(help: "Images") var images: [String] = []

    func validate() throws {
        if images.isEmpty { throw ValidationError("need at least 1 argument") }
        if ArchiveFormat(rawValue: format) == nil {
            throw ValidationError("unsupported format \(format.debugDescription): use docker-archive or oci-archive")
        }
        // Podman's wording: berth writes archives only.
        if compress { throw ValidationError("--compress can only be set when --format is 'oci-dir' or 'docker-dir'") }
        if output == "-" && isatty(1) != 0 {
            throw ValidationError("refusing to save to terminal. Use -o flag or redirect")
        }
    }

    func run() throws {
        try global.openStore().images.save(images, format: ArchiveFormat(rawValue: format)!, output: output)
    }
}
