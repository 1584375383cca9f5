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
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            checkpointOpenStores()
            Glibc.exit(0)
        } catch let error as EngineError {
            checkpointOpenStores()
            printError(error.message)
            Glibc.exit(error.exitCode)
        } catch let code as ExitCode {
            checkpointOpenStores()
            Glibc.exit(code.rawValue)
        } catch {
            checkpointOpenStores()
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if code == .success {
                print(message)
                Glibc.exit(0)
            }
            FileHandleOutput.standardError(message)
            Glibc.exit(code.rawValue == 64 ? 125 : code.rawValue)
        }
    }
}

func printError(_ message: String) {
    FileHandleOutput.standardError("Error: " + message)
}

/// Writes straight to the descriptors (no buffering surprises on exit).
enum FileHandleOutput {
    static func standardError(_ line: String) {
        let text = line.hasSuffix("\n") ? line : line + "\n"
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
