import Foundation
import Generator
import Testing
import UnitParser

#if canImport(Glibc)
import Glibc
#endif

/// A unique directory of Quadlet files for one test, removed afterwards.
final class TempDir {
    let path: String

    init(_ label: String = "gen") {
        var template = Array("/tmp/berth-gentests-\(label)-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed: \(errno)")
        path = String(cString: created!)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` at `relative` (parent directories created).
    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        let full = path + "/" + relative
        let parent = (full as NSString).deletingLastPathComponent
        try! FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try! text.write(toFile: full, atomically: false, encoding: .utf8)
        return full
    }

    func subdirectory(_ name: String) -> String {
        let full = path + "/" + name
        try! FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + relative)
    }

    /// Where the symlink at `relative` points, as written.
    func linkTarget(_ relative: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path + "/" + relative)
    }

    /// Every path below the directory (files, links, directories), sorted.
    func listing() -> [String] {
        (FileManager.default.subpaths(atPath: path) ?? []).sorted()
    }
}

/// The result of converting a set of Quadlet files in memory.
struct Generated {
    var services: [(name: String, unit: UnitFile)]
    var failed: Bool
    var messages: [String]

    var names: [String] { services.map(\.name) }

    func service(_ name: String) -> UnitFile? {
        services.first { $0.name == name }?.unit
    }

    /// `ExecStart=` (or another key) of `[Service]` split the way systemd splits it.
    func command(_ name: String, _ key: String = "ExecStart") throws -> [String] {
        let unit = try #require(service(name), "no \(name) among \(names)")
        let value = try #require(unit.lookupLast(key, in: "Service"), "\(name) has no \(key)")
        return try WordSplitter.exec.split(value)
    }

    func values(_ name: String, _ key: String, in group: String = "Unit") -> [String] {
        service(name)?.lookupAll(key, in: group) ?? []
    }

    func messages(containing text: String) -> [String] {
        messages.filter { $0.contains(text) }
    }
}

enum Harness {
    static let engine = "/usr/bin/podman"
    static let programName = "test-generator"

    static func generate(_ directories: [String], isUser: Bool = false, engine: String = engine) -> Generated {
        var options = GeneratorOptions()
        options.noKmsg = true
        options.isUser = isUser
        let generator = Generator(
            options: options,
            searchPaths: SearchPaths(directories: directories),
            context: ConversionContext(isUser: isUser, engine: engine),
            programName: programName
        )
        var messages: [String] = []
        let output = generator.generate(report: { messages.append($0) })
        return Generated(services: output.services.map { ($0.name, $0.unit) }, failed: output.failed, messages: messages)
    }

    static func generate(_ dir: TempDir, isUser: Bool = false, engine: String = engine) -> Generated {
        generate([dir.path], isUser: isUser, engine: engine)
    }

    /// `Generator.run()` writing into `output`; returns the exit status.
    static func run(_ directories: [String], into output: String, isUser: Bool = false) throws -> Int32 {
        let options = try GeneratorOptions(arguments: ["-no-kmsg-log", output], programName: programName)
        let generator = Generator(
            options: options,
            searchPaths: SearchPaths(directories: directories),
            context: ConversionContext(isUser: isUser, engine: engine),
            programName: programName
        )
        return generator.run()
    }
}

extension Array where Element == String {
    /// The word after `flag`, for every occurrence of `flag`.
    func values(after flag: String) -> [String] {
        indices.compactMap { index in
            self[index] == flag && index + 1 < count ? self[index + 1] : nil
        }
    }

    /// True when `sequence` appears contiguously.
    func containsSequence(_ sequence: [String]) -> Bool {
        guard !sequence.isEmpty, sequence.count <= count else { return sequence.isEmpty }
        return (0...(count - sequence.count)).contains { Array(self[$0..<($0 + sequence.count)]) == sequence }
    }
}
