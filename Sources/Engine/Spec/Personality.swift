/// `--personality`: the execution domain of the container's processes
/// (personality(2)); LINUX32 makes `uname -m` report a 32-bit machine.
public enum Personality: String, Codable, Sendable {
    case linux = "LINUX"
    case linux32 = "LINUX32"

    package init(parsing value: String) throws {
        guard let domain = Personality(rawValue: value) else {
            throw EngineError.invalid("invalid --personality \(value.debugDescription): use LINUX or LINUX32")
        }
        self = domain
    }

    /// The persona number personality(2) takes (PER_LINUX, PER_LINUX32).
    var persona: UInt {
        switch self {
        case .linux: 0x0000
        case .linux32: 0x0008
        }
    }
}
