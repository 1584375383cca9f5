import Foundation
import TOMLKit

/// `registries.conf` as Podman reads it (v2 format): unqualified-search
/// registries, short-name aliases, and `[[registry]]` entries (prefix,
/// location, insecure, blocked, mirrors). The main file, then every
/// `registries.conf.d/*.conf` in name order over it.
public struct RegistriesConfig: Sendable, Equatable {
    public struct Mirror: Codable, Sendable, Equatable {
        public var location: String
        public var insecure: Bool?
    }

    public struct Registry: Codable, Sendable, Equatable {
        public var prefix: String?
        public var location: String?
        public var insecure: Bool?
        public var blocked: Bool?
        public var mirror: [Mirror]?

        /// The prefix this entry matches (`prefix`, else `location`).
        var match: String { prefix ?? location ?? "" }
    }

    private struct File: Codable {
        var unqualifiedSearchRegistries: [String]?
        var aliases: [String: String]?
        var registry: [Registry]?

        enum CodingKeys: String, CodingKey {
            case unqualifiedSearchRegistries = "unqualified-search-registries"
            case aliases
            case registry
        }
    }

    public var unqualifiedSearchRegistries: [String] = []
    public var aliases: [String: String] = [:]
    public var registries: [Registry] = []

    public init() {}

    /// $CONTAINERS_REGISTRIES_CONF, else ~/.config/containers/registries.conf
    /// for rootless users who have one, else /etc/containers/registries.conf;
    /// missing files are an empty configuration.
    public static func load() throws -> RegistriesConfig {
        let environment = ProcessInfo.processInfo.environment
        var path = "/etc/containers/registries.conf"
        if let explicit = environment["CONTAINERS_REGISTRIES_CONF"], !explicit.isEmpty {
            path = explicit
        } else if Rootless.isActive, let home = environment["HOME"], FileSystem.exists(home + "/.config/containers/registries.conf") {
            path = home + "/.config/containers/registries.conf"
        }
        var config = RegistriesConfig()
        if FileSystem.exists(path) { try config.merge(file: path) }
        let dropIns = path + ".d"
        for name in FileSystem.list(dropIns).sorted() where name.hasSuffix(".conf") {
            try config.merge(file: dropIns + "/" + name)
        }
        return config
    }

    /// Reads one file over this configuration: its keys replace the ones
    /// set so far; aliases add up.
    mutating func merge(file path: String) throws {
        let text = String(decoding: try FileSystem.readFile(path), as: UTF8.self)
        try merge(text: text, what: path)
    }

    mutating func merge(text: String, what: String) throws {
        let file: File
        do { file = try TOMLDecoder().decode(File.self, from: text) } catch {
            throw EngineError(.invalidArgument, "loading registries configuration \(what.debugDescription): \(error)")
        }
        if let search = file.unqualifiedSearchRegistries { unqualifiedSearchRegistries = search }
        if let aliases = file.aliases { self.aliases.merge(aliases) { $1 } }
        if let entries = file.registry {
            for entry in entries {
                registries.removeAll { $0.match == entry.match }
                registries.append(entry)
            }
        }
    }

    /// The entry for `repository` (`host/path`): the longest matching prefix.
    func registry(for repository: String) -> Registry? {
        registries.filter { entry in
            let prefix = entry.match
            return !prefix.isEmpty && (repository == prefix || repository.hasPrefix(prefix + "/") || (prefix.hasPrefix("*.") && repository.split(separator: "/")[0].hasSuffix(prefix.dropFirst())))
        }.max { $0.match.count < $1.match.count }
    }

    /// The fully qualified reference a short name stands for: an alias, or
    /// the single unqualified-search registry (docker.io when none is set).
    /// Several search registries would need Podman's prompt: refused.
    func qualify(_ name: String) throws -> ImageReference {
        let parsed = try ImageReference.parse(name)
        guard parsed.wasShortName else { return parsed }
        let shortPath = parsed.path.hasPrefix("library/") && !name.hasPrefix("library/") ? String(parsed.path.dropFirst(8)) : parsed.path
        if let alias = aliases[shortPath] {
            var resolved = try ImageReference.parse(alias)
            if parsed.digest != nil || name.contains(":") {
                resolved.tag = parsed.tag
                resolved.digest = parsed.digest
            }
            return resolved
        }
        switch unqualifiedSearchRegistries.count {
        case 0:
            return parsed
        case 1:
            return try ImageReference.parse(unqualifiedSearchRegistries[0] + "/" + name)
        default:
            throw EngineError(.invalidArgument, "short-name \(name.debugDescription) did not resolve to an alias and no containers-registries.conf(5) prompt is possible: use a fully qualified name")
        }
    }
}
