#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TOMLKit

/// What a container without `--network` gets, from containers.conf as
/// Podman reads it: `[containers] netns` (`private`, Podman's default, is a
/// bridge network for root and pasta for rootless containers, as in Podman 5)
/// and `[network] default_network` (the network `bridge` and the default
/// mode join; `podman` unless set).
public struct NetworkDefaults: Sendable, Equatable {
    /// `bridge`, `pasta`, `none` or `host`.
    public var mode: String
    public var networkName: String
    /// No bridge networks without root (yet): an explicit `private` is then `none`.
    public var rootless: Bool

    public init(mode: String, networkName: String = NetworkStore.defaultName, rootless: Bool = false) {
        self.mode = mode
        self.networkName = networkName
        self.rootless = rootless
    }

    private struct File: Decodable {
        struct Containers: Decodable { var netns: String? }
        struct Network: Decodable {
            var defaultNetwork: String?
            enum CodingKeys: String, CodingKey { case defaultNetwork = "default_network" }
        }
        var containers: Containers?
        var network: Network?
    }

    /// The defaults for this process (root or not), read once: a command
    /// that creates several containers (kube play, a pod) reads the files once.
    public static func current() throws -> NetworkDefaults {
        try processDefaults.get()
    }

    private static let processDefaults: Result<NetworkDefaults, EngineError> = {
        let rootless = Rootless.isActive
        do { return .success(try load(files: ContainersConf.files(rootless: rootless), rootless: rootless)) } catch let error as EngineError {
            return .failure(error)
        } catch {
            return .failure(EngineError(.system, "reading containers.conf: \(error)"))
        }
    }()

    static func load(files: [String], rootless: Bool) throws -> NetworkDefaults {
        var netns = "private"
        var network = NetworkStore.defaultName
        for (path, text) in try ContainersConf.texts(setting: ["netns", "default_network"], in: files) {
            let file: File
            do { file = try TOMLDecoder().decode(File.self, from: text) } catch {
                throw EngineError(.invalidArgument, "reading containers.conf \(path): \(error)")
            }
            if let value = file.containers?.netns, !value.isEmpty { netns = value }
            if let value = file.network?.defaultNetwork, !value.isEmpty { network = value }
        }
        let mode: String
        switch netns {
        case "private", "bridge": mode = rootless ? "pasta" : "bridge"
        case "none", "host": mode = netns
        default:
            throw EngineError.invalid("containers.conf netns = \(netns.debugDescription) is not supported: use private, bridge, host or none")
        }
        return NetworkDefaults(mode: mode, networkName: network, rootless: rootless)
    }
}
