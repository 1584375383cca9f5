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
        do { return .success(try load(files: configFiles(rootless: rootless), rootless: rootless)) } catch let error as EngineError {
            return .failure(error)
        } catch {
            return .failure(EngineError(.system, "reading containers.conf: \(error)"))
        }
    }()

    /// `$CONTAINERS_CONF` alone when set; else /usr/share, /etc and its
    /// `containers.conf.d/*.conf` in name order (and the user's own for
    /// rootless), later files over earlier ones.
    static func configFiles(rootless: Bool) -> [String] {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["CONTAINERS_CONF"], !explicit.isEmpty { return [explicit] }
        var directories = ["/usr/share/containers", "/etc/containers"]
        if rootless {
            let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"] ?? "") + "/.config"
            directories.append(config + "/containers")
        }
        var files: [String] = []
        for directory in directories {
            files.append(directory + "/containers.conf")
            files += FileSystem.list(directory + "/containers.conf.d").filter { $0.hasSuffix(".conf") }.sorted().map { directory + "/containers.conf.d/" + $0 }
        }
        return files
    }

    static func load(files: [String], rootless: Bool) throws -> NetworkDefaults {
        var netns = "private"
        var network = NetworkStore.defaultName
        for path in files {
            guard let data = try FileSystem.readFileIfPresent(path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            // Most containers.conf files are all comments: parse only those that set a key used here.
            guard text.split(separator: "\n").contains(where: { line in
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                return trimmed.hasPrefix("netns") || trimmed.hasPrefix("default_network")
            }) else { continue }
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
