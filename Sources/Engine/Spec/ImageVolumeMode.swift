/// What becomes of the image's `VOLUME`s that the user did not mount (`--image-volume`).
public enum ImageVolumeMode: String, Codable, Sendable, CaseIterable {
    /// An anonymous volume each (Podman's default).
    case bind
    case tmpfs
    case ignore
    /// Podman's other name for `bind`.
    case anonymous

    package init(parsing value: String) throws {
        guard let mode = ImageVolumeMode(rawValue: value) else {
            throw EngineError.invalid("invalid --image-volume \(value.debugDescription): use bind, tmpfs or ignore")
        }
        self = mode
    }
}
