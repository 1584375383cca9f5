import Foundation
import Testing
import Generator
import UnitParser
@testable import BerthCLI

/// Every command line the generator writes must parse with berth's own
/// command parser: a flag berth does not know would fail only at
/// `systemctl start`. Flags whose feature is not built yet parse, and are
/// refused when the container is made (not here).
@Suite("generator → berth contract")
struct GeneratorContractTests {
    static let engine = "/usr/bin/berth"

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Podman's Quadlet test cases (../shared/conformance) and our examples.
    static var unitDirectories: [String] {
        [packageRoot + "/../shared/conformance/quadlet/cases", packageRoot + "/units/examples"]
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    struct CommandLine: CustomStringConvertible {
        var service: String
        var key: String
        var arguments: [String]
        var description: String { "\(service) \(key)=\(arguments.joined(separator: " "))" }
    }

    /// The engine's command lines in every service generated from `directory`.
    static func commandLines(_ directory: String, isUser: Bool) throws -> [CommandLine] {
        Generator.prepareWorkers()
        let generator = Generator(options: GeneratorOptions(), searchPaths: SearchPaths(directories: [directory]),
                                  context: ConversionContext(isUser: isUser, engine: engine), programName: "berth-generator")
        let output = generator.generate(report: { _ in })
        var lines: [CommandLine] = []
        for service in output.services {
            for line in String(decoding: service.bytes, as: UTF8.self).split(separator: "\n") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                let key = String(line[..<eq])
                guard key.hasPrefix("ExecStart") || key.hasPrefix("ExecStop") || key == "ExecReload" else { continue }
                var value = Substring(line[line.index(after: eq)...])
                while let first = value.first, "-@+!:".contains(first) { value = value.dropFirst() }
                let words = try WordSplitter.exec.split(String(value))
                guard words.first == engine else { continue }
                // PodmanArgs= cases pass made-up flags (--foo) on purpose.
                if service.name.hasPrefix("podmanargs") { continue }
                lines.append(CommandLine(service: service.name, key: key, arguments: Array(words.dropFirst())))
            }
        }
        return lines
    }

    /// Why berth's parser rejects a command line's options, or nil. Errors
    /// about values or missing objects are the verbs' business at run time;
    /// what matters here is that every flag and subcommand is known.
    static func unknownOption(_ arguments: [String]) -> String? {
        do {
            _ = try BerthCommand.parseCommandLine(arguments)
            return nil
        } catch {
            let message = BerthCommand.fullMessage(for: error)
            for marker in ["Unknown option", "unknown flag", "unknown shorthand flag", "Unexpected argument", "Missing value for",
                           "is not a valid subcommand", "Unknown subcommand"] where message.contains(marker) {
                return message.split(separator: "\n").first.map(String.init) ?? message
            }
            return nil
        }
    }

    @Test("every Exec line of Podman's Quadlet cases and our examples parses", arguments: [false, true])
    func everyLineParses(isUser: Bool) throws {
        let directories = Self.unitDirectories
        try #require(!directories.isEmpty, "no unit directories found under \(Self.packageRoot)")
        var checked = 0
        var failures: [String] = []
        for directory in directories {
            for line in try Self.commandLines(directory, isUser: isUser) {
                checked += 1
                if let problem = Self.unknownOption(line.arguments) { failures.append("\(line): \(problem)") }
            }
        }
        #expect(checked > 300, "only \(checked) command lines were generated")
        #expect(failures.isEmpty, "\(failures.count) of \(checked) lines do not parse:\n\(failures.joined(separator: "\n"))")
    }

    @Test("an unknown flag before the image is refused in Podman's words, not taken for the image")
    func unknownFlagWording() {
        #expect(Self.unknownOption(["create", "--ipp", "10.0.0.1", "busybox"]) != nil)
        #expect(unknownFlagMessage("Error: Unknown option '--ipp'\nUsage: ...\n  See 'berth ps --help' for more information.")
                == "Error: unknown flag: --ipp\nSee 'berth ps --help'")
        #expect(unknownFlagMessage("Error: Unknown option '-Z'") == "Error: unknown shorthand flag: 'Z' in -Z")
    }

    @Test("Go's --flag=true|false on a flag (Quadlet's DisableDNS=false) sets it, leaves it or turns it off, also beside --entrypoint=; other values are refused")
    func goBooleanValues() throws {
        func disableDNS(_ word: String) throws -> Bool {
            let command = try BerthCommand.parseCommandLine(["network", "create", word, "--internal=1", "net1"])
            let create = try #require(command as? NetworkCreate)
            #expect(create.isInternal)
            return create.disableDNS
        }
        #expect(try disableDNS("--disable-dns=false") == false)
        #expect(try disableDNS("--disable-dns=F") == false)
        #expect(try disableDNS("--disable-dns=true") == true)
        #expect(throws: (any Error).self) { try disableDNS("--disable-dns=maybe") }

        let run = try BerthCommand.parseCommandLine(["run", "--entrypoint=", "--rm=true", "--privileged=false", "busybox", "sh"])
        let options = try #require(run as? ContainerCreateCommand).options
        #expect(options.entrypoint == "" && options.rm && !options.privileged)
        #expect((run as? ContainerRun)?.imageAndCommand == ["busybox", "sh"])

        // A flag on by default is turned off through its --no- inversion.
        func reloads(_ words: String...) throws -> Bool {
            try #require(try BerthCommand.parseCommandLine(["quadlet", "install"] + words + ["x.container"]) as? QuadletInstall).reloadSystemd
        }
        #expect(try reloads("--reload-systemd=false") == false)
        #expect(try reloads("--reload-systemd=0", "--replace=true") == false)
        #expect(try reloads("--reload-systemd=true") == true)
    }
}
