import UnitParser

/// Why a unit could not be converted; the unit is skipped, the others go on.
public struct ConversionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The line the problem is on, when one line is to blame.
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        guard let location else { return message }
        return "\(message) (\(location))"
    }
}
