/// One row of `image history`: a step of the image's config history, with
/// the layer it made (its size) where it made one.
public struct ImageHistoryEntry: Sendable, Equatable {
    /// The image's ID on its newest step, `<missing>` below (Podman's word).
    public var id: String
    public var created: Double?
    public var createdBy: String
    public var size: Int64
    public var comment: String
    /// The image's names, on the newest step only.
    public var tags: [String]
}
