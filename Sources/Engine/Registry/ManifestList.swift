/// A Docker manifest list or OCI image index as a registry serves it:
/// manifests with the platform each one is for.
struct ManifestList: Decodable, Sendable {
    struct Entry: Decodable, Sendable {
        var mediaType: String?
        var digest: Digest
        var size: Int64
        var platform: Platform?
    }

    var manifests: [Entry]

    /// The entry for `platform`: an exact variant match first.
    func entry(for platform: Platform) -> Entry? {
        let candidates = manifests.filter { entry in entry.platform.map(platform.accepts) ?? false }
        return candidates.first { $0.platform?.variant == platform.variant } ?? candidates.first
    }
}
