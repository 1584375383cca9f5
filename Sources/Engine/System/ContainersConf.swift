import Foundation

/// Where containers.conf is read from, as Podman reads it.
enum ContainersConf {
    /// `$CONTAINERS_CONF` alone when set; else /usr/share, /etc and its
    /// `containers.conf.d/*.conf` in name order (and the user's own for
    /// rootless), later files over earlier ones.
    static func files(rootless: Bool) -> [String] {
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

    /// The text of each file that exists and has a line setting one of
    /// `keys` (most containers.conf files are all comments: only these are
    /// worth parsing).
    static func texts(setting keys: [String], in paths: [String]) throws -> [(path: String, text: String)] {
        try paths.compactMap { path in
            guard let data = try FileSystem.readFileIfPresent(path) else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            let sets = text.split(separator: "\n").contains { line in
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                return keys.contains { trimmed.hasPrefix($0) }
            }
            return sets ? (path, text) : nil
        }
    }
}
