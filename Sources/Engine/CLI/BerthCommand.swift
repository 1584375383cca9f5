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
            VolumeCommand.self,
            ContainerCommand.self,
            ContainerAttach.self, ContainerCreate.self, ContainerExec.self, ContainerKill.self, ContainerLogs.self,
            ContainerPort.self, ContainerList.Shortcut.self, ContainerRestart.self, ContainerRemove.self, ContainerRun.self,
            ContainerStart.self, ContainerStop.self, ContainerTop.self, ContainerWait.self, HealthcheckCommand.self,
        ]
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions

    public init() {}

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
            var command = try directCommand(arguments) ?? parseAsRoot(arguments)
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
            FileHandleOutput.standardError(message)
            return code.rawValue == 64 ? 125 : code.rawValue
        }
    }
}

extension BerthCommand {
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
        var globals: [String] = []
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1)[0]
            guard GlobalOptions.valueOptionNames.contains(String(name)) else { return nil }
            if argument.contains("=") {
                globals.append(argument)
                index += 1
            } else {
                guard index + 1 < arguments.count else { return nil }
                globals += [argument, arguments[index + 1]]
                index += 2
            }
        }
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
        guard command != BerthCommand.self, command.configuration.subcommands.isEmpty,
              command.configuration._superCommandName == BerthCommand._commandName else { return nil }
        let rest = arguments[index...]
        let declined = ["-h", "--help", "--version", "help"]
        if rest.contains(where: { declined.contains($0) || $0.hasPrefix("--generate-completion") || $0.hasPrefix("--experimental-") }) {
            return nil
        }
        return try? command.parseAsRoot(globals + rest)
    }
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
