/// A `--tmpfs DESTINATION[:OPTIONS]` value.
package struct TmpfsMount: Equatable, Sendable {
    package var destination: String
    package var options: [String]

    package static func parse(_ text: String) throws -> TmpfsMount {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let destination = String(parts[0])
        guard destination.hasPrefix("/") else {
            throw EngineError.invalid("invalid container path \(destination.debugDescription), must be an absolute path")
        }
        let options = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
        for option in options where option.hasPrefix("size=") {
            _ = try ByteSize.parse(String(option.dropFirst(5)))
        }
        return TmpfsMount(destination: destination, options: options)
    }
}
