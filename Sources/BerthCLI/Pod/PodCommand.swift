import Engine
import ArgumentParser
import Foundation

/// `berth pod ...`: pods and their infra container, with Podman's flags
/// (the generator writes them for `.pod` units).
struct PodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pod",
        abstract: "Manage pods",
        subcommands: [PodCreate.self, PodStart.self, PodStop.self, PodRestart.self, PodKill.self, PodRemove.self,
                      PodList.self, PodInspect.self, PodExists.self, PodTop.self, PodLogs.self, PodPrune.self,
                      PodPause.self, PodUnpause.self]
    )

    /// The pods a verb acts on: the names given, those in `--pod-id-file`s,
    /// all (`--all`), or the last one created (`--latest`).
    static func targets(_ names: [String], all: Bool, latest: Bool = false, podIDFiles: [String], manager: PodManager) throws -> [String] {
        if all { return try manager.loadAll().map(\.id) }
        if latest {
            guard let last = try manager.loadAll().last else { throw EngineError.notFound("no pods to act on with --latest: no such pod") }
            return [last.id]
        }
        var targets = names
        for file in podIDFiles { targets.append(try readPodIDFile(file)) }
        if targets.isEmpty { throw EngineError.invalid("you must provide at least one pod name or id") }
        return targets
    }

    static func readPodIDFile(_ path: String) throws -> String {
        guard let data = try FileSystem.readFileIfPresent(path) else {
            throw EngineError(.notFound, "reading pod ID file \(path): no such file or directory")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `body` for each pod, printing the ID it returns; reports every
    /// failure (the last one as the exit status), a missing pod skipped
    /// with `ignore`.
    static func each(_ targets: [String], ignore: Bool = false, _ body: (String) throws -> String) throws {
        var failure: EngineError?
        for target in targets {
            do {
                print(try body(target))
            } catch let e as EngineError where e.kind == .notFound && ignore {
                continue
            } catch let e as EngineError {
                if let f = failure { printError(f.message) }
                failure = e.kind == .notFound ? EngineError(.notFound, e.message, exitCode: 1) : e
            }
        }
        if let failure { throw failure }
    }
}
