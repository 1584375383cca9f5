/// A `--ulimit NAME=SOFT[:HARD]` value; `-1` is unlimited.
package struct Ulimit: Equatable, Sendable {
    /// The OCI name (`RLIMIT_NOFILE`).
    package var type: String
    package var soft: UInt64
    package var hard: UInt64

    package static func parse(_ text: String) throws -> Ulimit {
        let invalid = EngineError.invalid("invalid ulimit \(text.debugDescription)")
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let type = types[String(parts[0])] else { throw invalid }
        let limits = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard limits.count <= 2 else { throw invalid }
        func limit(_ value: Substring) throws -> UInt64 {
            if value == "-1" { return UInt64.max }
            guard let n = UInt64(value) else { throw invalid }
            return n
        }
        let soft = try limit(limits[0])
        let hard = limits.count > 1 ? try limit(limits[1]) : soft
        guard soft <= hard else {
            throw EngineError.invalid("ulimit error: \(text): soft limit must be less than or equal to hard limit")
        }
        return Ulimit(type: type, soft: soft, hard: hard)
    }

    static let types: [String: String] = [
        "core": "RLIMIT_CORE", "cpu": "RLIMIT_CPU", "data": "RLIMIT_DATA", "fsize": "RLIMIT_FSIZE", "locks": "RLIMIT_LOCKS",
        "memlock": "RLIMIT_MEMLOCK", "msgqueue": "RLIMIT_MSGQUEUE", "nice": "RLIMIT_NICE", "nofile": "RLIMIT_NOFILE",
        "nproc": "RLIMIT_NPROC", "rss": "RLIMIT_RSS", "rtprio": "RLIMIT_RTPRIO", "rttime": "RLIMIT_RTTIME",
        "sigpending": "RLIMIT_SIGPENDING", "stack": "RLIMIT_STACK", "as": "RLIMIT_AS",
    ]
}
