import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `berth`: the root of the engine CLI.
public struct BerthCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "Manage containers, images and volumes (Podman-compatible)",
        version: BerthVersion.string,
        subcommands: [
            ImageCommand.self,
            ImageList.Shortcut.self,
            ImageImport.self,
            ImageLoad.self,
            ImageSave.self,
            ImageTag.self,
            ImageUntag.self,
            ImageRemove.Shortcut.self,
            ImagePull.self,
            ImagePush.self,
            Login.self,
            Logout.self,
            Inspect.self,
            ContainerMountCommand.self,
            ContainerUnmountCommand.self,
            ImageBuild.self,
            VolumeCommand.self,
            SecretCommand.self,
            ArtifactCommand.self,
            PodCommand.self,
            KubeCommand.self,
            NetworkCommand.self,
            QuadletCommand.self,
            GenerateCommand.self,
            ContainerCommand.self,
            ContainerAttach.self, ContainerCreate.self, ContainerExec.self, ContainerKill.self, ContainerLogs.self,
            ContainerPort.self, ContainerList.Shortcut.self, ContainerRestart.self, ContainerRemove.self, ContainerRun.self,
            ContainerStart.self, ContainerStop.self, ContainerTop.self, ContainerWait.self, HealthcheckCommand.self,
            SystemCommand.self, AutoUpdate.self, SystemInfo.self, SystemVersion.self, ImageHistory.self, Unshare.self,
            ContainerPause.self, ContainerUnpause.self, ContainerRename.self, ContainerExport.self, ContainerDiff.self, ContainerCopy.self,
            ContainerCommit.self,
            ContainerStatsCommand.self, SystemEvents.self,
        ]
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions

    public init() {}

    /// The process's command line (argv[0] first), as the C start-up saw it.
    public static var startupArguments: [String] { Rootless.arguments }

    /// Parses and runs; engine errors print as `Error: ...` with Podman's
    /// exit status.
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        signal(SIGPIPE, SIG_IGN)
        let status = execute(arguments)
        checkpointOpenStores()
        Glibc.exit(status)
    }

    /// The exit status of the command line, its errors printed.
    private static func execute(_ arguments: [String]) -> Int32 {
        do {
            var command = try parseCommandLine(arguments)
            try command.run()
            return 0
        } catch let error as EngineError {
            printError(error.message)
            return error.exitCode
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if code == .success {
                print(message)
                return 0
            }
            FileHandleOutput.standardError(unknownFlagMessage(message) ?? message)
            return code.rawValue == 64 ? 125 : code.rawValue
        }
    }
}

extension BerthCommand {
    /// The command a command line names, its options parsed and validated.
    /// Podman's boolean flags take Go's `--flag=true|false` (Quadlet writes
    /// `--disable-dns=false` for `DisableDNS=false`); the parser's flags take
    /// no value. On that one error, `--flag=true` becomes `--flag`, and
    /// `--flag=false` becomes the flag's inversion `--no-flag` (a flag on by
    /// default has one) or, without one, goes; the line is parsed again.
    static func parseCommandLine(_ arguments: [String]) throws -> ParsableCommand {
        do { return try parseAsWritten(arguments) } catch {
            guard let (i, flag, value) = goBooleanFlag(arguments, after: error) else {
                return try parseWithShortGroups(arguments, after: error)
            }
            var fixed = arguments
            if value {
                fixed[i] = flag
                return try parseCommandLine(fixed)
            }
            let inverted = "--no-" + flag.dropFirst(2)
            fixed[i] = inverted
            do { return try parseCommandLine(fixed) } catch where names(error, unknown: inverted) {
                fixed.remove(at: i)
                return try parseCommandLine(fixed)
            }
        }
    }

    /// pflag reads `-p8080:80`, `-eA=1`, `-t0` and `-dp 80:80` as Podman's
    /// users type them; swift-argument-parser splits such a word letter by
    /// letter. On a parse error, the line with its short groups spelled
    /// out (`ShortOptionGroups`) is parsed instead when that parses.
    private static func parseWithShortGroups(_ arguments: [String], after error: Error) throws -> ParsableCommand {
        guard let spelled = ShortOptionGroups.spelledOut(arguments),
              let command = try? parseCommandLine(spelled) else { throw error }
        return command
    }

    private static func parseAsWritten(_ arguments: [String]) throws -> ParsableCommand {
        // `--entrypoint=` (Quadlet's `Entrypoint=`) means an empty
        // entrypoint, but the parser takes the next word for its value (or
        // calls the value missing). Parsed as written first: when that word
        // became the entrypoint, or the value was missing, the first
        // `--entrypoint=` was an option and is read as `--entrypoint ""`;
        // otherwise it was a word of the container's command.
        guard let i = arguments.firstIndex(of: "--entrypoint=") else {
            return try directCommand(arguments) ?? parseAsRoot(arguments)
        }
        var fixed = arguments
        fixed.replaceSubrange(i...i, with: ["--entrypoint", ""])
        let command: ParsableCommand
        do {
            command = try directCommand(arguments) ?? parseAsRoot(arguments)
        } catch where fullMessage(for: error).contains("Missing value for '--entrypoint") {
            return try parseCommandLine(fixed)
        }
        guard i + 1 < arguments.count, let parsed = command as? ContainerCreateCommand,
              parsed.options.entrypoint == arguments[i + 1] else { return command }
        return try directCommand(fixed) ?? parseAsRoot(fixed)
    }

    /// Whether the parser's error is that `flag` is unknown: ArgumentParser's
    /// own words, or `refuseUnknownFlag`'s where create, run and exec
    /// capture the rest of the line.
    static func names(_ error: Error, unknown flag: String) -> Bool {
        let message = fullMessage(for: error)
        return message.contains("Unknown option '\(flag)'") || message.contains("unknown flag: \(flag)\n") || message.hasSuffix("unknown flag: \(flag)")
    }

    /// The verb a command line names (a command without subcommands), the
    /// index of its first word and of the first word after it; nil when
    /// words before it are not global options (with `globalFlags`, the
    /// value-less ones count).
    static func verb(of arguments: [String], globalFlags: Bool) -> (command: ParsableCommand.Type, start: Int, index: Int)? {
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            let name = String(argument.split(separator: "=", maxSplits: 1)[0])
            if globalFlags, GlobalOptions.flagOptionNames.contains(name) {
                index += 1
                continue
            }
            guard GlobalOptions.valueOptionNames.contains(name) else { return nil }
            index += argument.contains("=") ? 1 : 2
        }
        guard index < arguments.count else { return nil }
        let start = index
        var command: ParsableCommand.Type = BerthCommand.self
        while index < arguments.count {
            let word = arguments[index]
            guard let next = command.configuration.subcommands.first(where: { sub in
                sub._commandName == word || sub.configuration.aliases.contains(word)
            }) else { break }
            command = next
            index += 1
            if command.configuration.subcommands.isEmpty { break }
        }
        guard command != BerthCommand.self, command.configuration.subcommands.isEmpty else { return nil }
        return (command, start, index)
    }

    /// The word `--flag=VALUE` (its index, flag and Go boolean value) that
    /// the parser's error says takes no value; nil for any other error.
    static func goBooleanFlag(_ arguments: [String], after error: Error) -> (index: Int, flag: String, value: Bool)? {
        let message = fullMessage(for: error)
        guard let start = message.range(of: "The option '--"),
              let end = message[start.upperBound...].firstIndex(of: "'"),
              message[end...].hasPrefix("' does not take any value") else { return nil }
        let flag = "--" + message[start.upperBound..<end]
        let truths = ["1", "t", "T", "TRUE", "true", "True"], falsehoods = ["0", "f", "F", "FALSE", "false", "False"]
        for (i, word) in arguments.enumerated() where word.hasPrefix(flag + "=") {
            let value = String(word.dropFirst(flag.count + 1))
            if truths.contains(value) { return (i, flag, true) }
            if falsehoods.contains(value) { return (i, flag, false) }
        }
        return nil
    }

    /// The read verbs people and scripts call most (`images`, `inspect`, ...)
    /// are parsed by their own command type as the root, which skips the
    /// root's parse and swift-argument-parser's completion-script probe
    /// (about a third of such a call's time). A verb opts in by naming
    /// `berth` as its `_superCommandName`; the verb's own parser still
    /// reads every flag. Anything unusual (help, completion and dump
    /// requests, options before the verb other than the global ones, a
    /// parse error) returns nil, and the whole tree parses the command line
    /// as usual, so help and error messages come from the one full parser.
    static func directCommand(_ arguments: [String]) -> ParsableCommand? {
        guard let (command, verbStart, index) = verb(of: arguments, globalFlags: false),
              command.configuration._superCommandName == BerthCommand._commandName else { return nil }
        let globals = Array(arguments[..<verbStart])
        let rest = arguments[index...]
        let declined = ["-h", "--help", "--version", "help"]
        if rest.contains(where: { declined.contains($0) || $0.hasPrefix("--generate-completion") || $0.hasPrefix("--experimental-") }) {
            return nil
        }
        return try? command.parseAsRoot(globals + rest)
    }
}

/// ArgumentParser's "Unknown option" error in Podman's words (scripts
/// match on them): `Error: unknown flag: --x` or `Error: unknown shorthand
/// flag: 'x' in -x`, then `See 'berth VERB --help'`.
func unknownFlagMessage(_ message: String) -> String? {
    guard let start = message.range(of: "Unknown option '"),
          let end = message[start.upperBound...].firstIndex(of: "'") else { return nil }
    let flag = String(message[start.upperBound..<end])
    var text = flag.hasPrefix("--") || flag.count <= 1
        ? "Error: unknown flag: " + flag
        : "Error: unknown shorthand flag: '\(flag.dropFirst().prefix(1))' in " + flag
    if let see = message.range(of: "See '"), let close = message[see.upperBound...].range(of: " --help'") {
        text += "\nSee '" + message[see.upperBound..<close.lowerBound] + " --help'"
    }
    return text
}

func printError(_ message: String) {
    FileHandleOutput.standardError("Error: " + message)
}

/// Writes straight to the descriptors (no buffering surprises on exit).
enum FileHandleOutput {
    static func standardError(_ line: String, newline: Bool = true) {
        let text = !newline || line.hasSuffix("\n") ? line : line + "\n"
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}

extension BerthCommand {
    /// `create`/`run`/`exec` capture everything from their first
    /// positional on, so an option they do not know would be taken for the
    /// image or the container: refuse it as Podman does.
    static func refuseUnknownFlag(_ words: [String], verb: String) throws {
        guard let first = words.first, first.hasPrefix("-"), first != "--", first != "-" else { return }
        let flag = String(first.split(separator: "=", maxSplits: 1)[0])
        let text = flag.hasPrefix("--") || flag.count <= 1
            ? "unknown flag: " + flag
            : "unknown shorthand flag: '\(flag.dropFirst().prefix(1))' in " + flag
        throw EngineError.invalid(text + "\nSee 'berth \(verb) --help'")
    }
}
