/// How `berth-generator` was invoked: Quadlet's flags and arguments.
public struct GeneratorOptions: Sendable, Equatable {
    public var verbose = false
    public var noKmsg = false
    public var isUser = false
    public var dryRun = false
    public var showVersion = false
    /// Where services are written (systemd's "normal" generator directory).
    public var outputDirectory: String?

    public init() {}

    public struct UsageError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `-v -no-kmsg-log -user -dryrun -version` (one or two dashes)
    /// up to the first positional argument, then `NORMAL [EARLY LATE]`.
    /// User mode is also on when the program's name contains "user".
    public init(arguments: [String], programName: String) throws(UsageError) {
        isUser = Paths.baseName(of: programName).contains("user")
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("-"), argument != "-" else { break }
            index += 1
            if argument == "--" { break }
            var name = argument.dropFirst()
            if name.hasPrefix("-") { name = name.dropFirst() }
            let (flag, value) = Self.split(String(name))
            let enabled: Bool
            switch value?.lowercased() {
            case nil, "1", "t", "true": enabled = true
            case "0", "f", "false": enabled = false
            default: throw UsageError(description: "invalid boolean value \"\(value!)\" for -\(flag)")
            }
            switch flag {
            case "v": verbose = enabled
            case "no-kmsg-log": noKmsg = enabled
            case "user": isUser = enabled || isUser
            case "dryrun": dryRun = enabled
            case "version": showVersion = enabled
            default: throw UsageError(description: "flag provided but not defined: -\(flag)")
            }
        }
        let positional = Array(arguments[index...])
        outputDirectory = positional.first
        if positional.count > 3 {
            throw UsageError(description: "too many arguments: expected OUTPUT [EARLY LATE]")
        }
        if !dryRun && !showVersion && outputDirectory == nil {
            throw UsageError(description: "missing output directory argument")
        }
    }

    private static func split(_ flag: String) -> (String, String?) {
        guard let equals = flag.firstIndex(of: "=") else { return (flag, nil) }
        return (String(flag[..<equals]), String(flag[flag.index(after: equals)...]))
    }

    public static let usage = """
        Usage: berth-generator [-v] [-no-kmsg-log] [-user] [-dryrun] [-version] OUTPUT_DIR [EARLY_DIR LATE_DIR]
        Converts Quadlet unit files (.container .volume .network .pod .kube .image .build .artifact)
        into systemd services. Flags take one or two dashes.
        """
}
