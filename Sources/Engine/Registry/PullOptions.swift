/// What `pull` was asked for, besides the reference.
public struct PullOptions: Sendable {
    public var policy: PullPolicy = .always
    public var platform: Platform = .host
    public var registry = RegistryOptions()
    /// `--signature-policy`: policy.json to use instead of the default one.
    public var signaturePolicy: String?
    /// Podman's progress lines (`Trying to pull ...`, `Copying blob ...`),
    /// one at a time; nil for `--quiet`.
    public var report: (@Sendable (String) -> Void)?
    /// Blob events for a terminal's progress lines; when nil, finished
    /// blobs are plain `Copying blob ...` lines through `report`.
    public var progress: (@Sendable (TransferProgress) -> Void)?

    var events: TransferEvents { TransferEvents(report: report, progress: progress) }

    public init() {}
}

extension PullOptions {
    /// The reference `name` stands for and where to fetch it from, in
    /// order (registries.conf's mirrors and location), once policy.json
    /// allows it: what image and artifact pulls both ask first.
    func sources(for name: String, runRoot: String) throws -> (ImageReference, [(ImageReference, RegistryOptions)]) {
        let config = try RegistriesConfig.load()
        let reference = try config.qualify(name)
        var registry = self.registry
        if registry.plainHTTPNotes == nil { registry.plainHTTPNotes = runRoot + "/registry-plain-http" }
        var sources = [(reference, registry)]
        if let entry = config.registry(for: reference.repository) {
            if entry.blocked == true {
                throw EngineError(.invalidArgument, "initializing source docker://\(reference.description): registry \(reference.domain) is blocked in registries.conf")
            }
            sources = try entry.sources(for: reference, options: registry)
        }
        try SignaturePolicy.load(explicit: signaturePolicy).check(docker: reference)
        return (reference, sources)
    }
}
