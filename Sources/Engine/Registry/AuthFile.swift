#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Podman's `auth.json` (`{"auths": {"host[/path]": {"auth": "base64(user:pass)"}}}`),
/// read and written where Podman does, so one login serves both tools.
/// Keys other than `auths` and entries' other fields are kept on write.
public struct AuthFile: Sendable {
    /// Where `login` writes and `logout` removes: `--authfile`, else
    /// $REGISTRY_AUTH_FILE, else ${XDG_RUNTIME_DIR}/containers/auth.json
    /// (/run/containers/0/auth.json for root).
    public let path: String
    /// Where credentials are looked up, in order (the first file that has
    /// an entry for the registry wins).
    let searchPaths: [String]

    public init(explicit: String?) {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = explicit ?? environment["REGISTRY_AUTH_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            path = explicit
            searchPaths = [explicit]
            return
        }
        let primary: String
        if !Rootless.isActive {
            primary = "/run/containers/0/auth.json"
        } else if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            primary = runtime + "/containers/auth.json"
        } else {
            primary = "/run/containers/\(Rootless.hostUID)/auth.json"
        }
        path = primary
        var paths = [primary]
        let home = environment["HOME"] ?? ""
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        paths.append(config + "/containers/auth.json")
        if !home.isEmpty { paths.append(home + "/.docker/config.json") }
        searchPaths = paths
    }

    /// The credentials stored for `repository` (`host/path`): the longest
    /// matching key (`host/ns/repo`, `host/ns`, `host`) of the first file
    /// that has one.
    public func credentials(for repository: String) throws -> RegistryCredentials? {
        for file in searchPaths {
            let auths = try AuthFile.auths(in: file)
            var key = repository
            while true {
                for candidate in [key, "https://" + key, "http://" + key] {
                    if let entry = auths[candidate] as? [String: Any], let auth = entry["auth"] as? String, !auth.isEmpty {
                        guard let credentials = RegistryCredentials(encoded: auth) else {
                            throw EngineError(.corrupt, "reading credentials for \(key) from \(file): invalid auth value")
                        }
                        return credentials
                    }
                }
                guard let slash = key.lastIndex(of: "/") else { break }
                key = String(key[..<slash])
            }
            if repository.hasPrefix("docker.io"), let entry = auths["https://index.docker.io/v1/"] as? [String: Any],
               let auth = entry["auth"] as? String, let credentials = RegistryCredentials(encoded: auth) {
                return credentials
            }
        }
        return nil
    }

    /// The user name `login --get-login` prints for `key` (from `path` only, as Podman does).
    public func username(for key: String) throws -> String? {
        let auths = try AuthFile.auths(in: path)
        guard let entry = auths[key] as? [String: Any], let auth = entry["auth"] as? String else { return nil }
        return RegistryCredentials(encoded: auth)?.username
    }

    /// Stores `credentials` under `key` (a registry, or `registry/path`).
    public func store(_ credentials: RegistryCredentials, for key: String) throws {
        try update { auths in
            var entry = auths[key] as? [String: Any] ?? [:]
            entry["auth"] = credentials.encoded
            auths[key] = entry
        }
    }

    /// Removes `key`'s entry; false when there was none.
    @discardableResult
    public func remove(_ key: String) throws -> Bool {
        var found = false
        try update { auths in
            found = auths.removeValue(forKey: key) != nil
        }
        return found
    }

    /// Removes every entry.
    public func removeAll() throws {
        guard FileSystem.exists(path) else { return }
        try update { auths in auths.removeAll() }
    }

    private func update(_ change: (inout [String: Any]) -> Void) throws {
        var document = try AuthFile.document(at: path)
        var auths = document["auths"] as? [String: Any] ?? [:]
        change(&auths)
        document["auths"] = auths
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]) } catch {
            throw EngineError(.system, "encoding \(path): \(error)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileSystem.makeDirectories(directory) }
        try FileSystem.writeFileAtomically(path, data + Data("\n".utf8), mode: 0o600)
    }

    static func auths(in path: String) throws -> [String: Any] {
        try document(at: path)["auths"] as? [String: Any] ?? [:]
    }

    private static func document(at path: String) throws -> [String: Any] {
        guard FileSystem.exists(path) else { return [:] }
        let data = try FileSystem.readFile(path)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x09 || $0 == 0x0d }) { return [:] }
        guard let document = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw EngineError(.corrupt, "reading JSON file \(path.debugDescription): unmarshaling JSON: not a JSON object")
        }
        return document
    }
}
