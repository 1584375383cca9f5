/// The engine's domain error: what failed, in words a person can act on,
/// and the exit status Podman uses for the same failure.
public struct EngineError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case notFound
        case invalidArgument
        case conflict
        case inUse
        case corrupt
        case system
    }

    public var kind: Kind
    public var message: String
    public var exitCode: Int32

    public init(_ kind: Kind, _ message: String, exitCode: Int32 = 125) {
        self.kind = kind
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }

    package static func notFound(_ what: String) -> EngineError { EngineError(.notFound, what) }
    package static func invalid(_ what: String) -> EngineError { EngineError(.invalidArgument, what) }
    package static func system(_ stage: String, _ errno: Int32) -> EngineError {
        EngineError(.system, "\(stage): \(String(cString: strerror(errno)))")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
