/// `--log-opt KEY=VALUE` values, checked as Podman checks them: `path`,
/// `max-size` (a decimal size, stored in bytes) and journald's `tag` style
/// options with a value.
package enum LogOptions {
    package static func parse(_ values: [String]) throws -> [String: String] {
        var options: [String: String] = [:]
        for text in values {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw EngineError.invalid("invalid log option \(text.debugDescription)") }
            let key = String(parts[0]), value = String(parts[1])
            switch key.lowercased() {
            case "path":
                guard value.hasPrefix("/") else { throw EngineError.invalid("invalid log option \(text.debugDescription): path must be absolute") }
                options["path"] = value
            case "max-size":
                options["max-size"] = String(try ByteSize.parseDecimal(value))
            default:
                guard !value.isEmpty else { throw EngineError.invalid("invalid log option: invalid argument") }
                options[key] = value
            }
        }
        return options
    }
}
