import Engine
import ArgumentParser
import Foundation

/// `berth kube ...`: Kubernetes YAML played into pods, volumes and secrets,
/// with Podman's flags (the generator writes them for `.kube` units).
struct KubeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube",
        abstract: "Play containers, pods or volumes from a structured file",
        subcommands: [KubePlay.self, KubeDown.self]
    )

    /// The files named (`-`: standard input), read and parsed.
    static func readYAML(_ paths: [String]) throws -> [KubeYAML] {
        try paths.map { path in
            let data: Data
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard FileSystem.exists(path) else { throw EngineError(.notFound, "open \(path): no such file or directory") }
                do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                    throw EngineError.invalid("read \(path): \(error.localizedDescription)")
                }
            }
            return try KubeYAML(text: String(decoding: data, as: UTF8.self), source: path)
        }
    }

    /// Podman's teardown lines (`kube down`, and `kube play --replace` first).
    static func printDown(_ report: KubeDownReport) {
        print("Pods stopped:")
        report.stoppedPods.forEach { print($0) }
        print("Pods removed:")
        report.removedPods.forEach { print($0) }
        print("Secrets removed:")
        report.removedSecrets.forEach { print($0) }
        print("Volumes removed:")
        report.removedVolumes.forEach { print($0) }
    }
}
