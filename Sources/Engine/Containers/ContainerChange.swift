/// One line of `diff`: a path of the container's root file system that its
/// writable layer added, changed or deleted relative to its image.
public struct ContainerChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case added = "A"
        case changed = "C"
        case deleted = "D"
    }

    public var kind: Kind
    public var path: String
}
