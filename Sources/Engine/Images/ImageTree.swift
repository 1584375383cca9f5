/// `image tree`: an image and its layers from the base up, each layer with
/// the images it is the top layer of.
public struct ImageTree: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        public var id: String
        public var size: Int64
        /// Names of the images whose top layer this is.
        public var topLayerOf: [String]
    }

    public var id: String
    public var names: [String]
    public var size: Int64
    public var layers: [Layer]
}
