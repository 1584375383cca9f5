import Engine
import ArgumentParser

/// `berth artifact inspect NAME`: Podman's JSON (`Manifest`, `Name`,
/// `Digest`), or a Go template over Podman's field names
/// (`{{.Manifest.Layers}}`, `{{index .Manifest.Annotations "KEY"}}`).
struct ArtifactInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Inspect an OCI artifact")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Format the output using a Go template") var format: String?
    @Argument(help: "Artifact") var name: String

    /// The report as Go names its fields (the JSON names are lower case).
    struct TemplateReport: Encodable {
        struct Blob: Encodable {
            var MediaType: String
            var Digest: String
            var Size: Int64
            var Annotations: [String: String]
            var ArtifactType: String?
        }
        struct ManifestFields: Encodable {
            var SchemaVersion: Int
            var MediaType: String
            var ArtifactType: String
            var Config: Blob
            var Layers: [Blob]
            var Annotations: [String: String]
        }
        var Manifest: ManifestFields
        var Name: String
        var Digest: String

        init(_ report: ArtifactInspectReport) {
            func blob(_ d: Descriptor) -> Blob {
                Blob(MediaType: d.mediaType, Digest: d.digest.description, Size: d.size, Annotations: d.annotations ?? [:])
            }
            let m = report.Manifest
            self.Manifest = ManifestFields(SchemaVersion: m.schemaVersion, MediaType: m.mediaType ?? "", ArtifactType: m.artifactType ?? "",
                             Config: blob(m.config), Layers: m.layers.map(blob), Annotations: m.annotations ?? [:])
            self.Name = report.Name
            self.Digest = report.Digest
        }
    }

    func run() throws {
        let report = try global.openStore().artifacts.inspect(name)
        switch OutputFormat(format) {
        case .standard, .json: try OutputFormat.printJSON(report)
        case .template(let source): try OutputFormat.printEach(source, objects: [TemplateReport(report)])
        }
    }
}
