/// Where Quadlet unit files are looked for, in priority order (the first
/// file with a given name wins). Every directory is walked recursively.
public struct SearchPaths: Sendable {
    public var directories: [String]

    public init(directories: [String]) {
        self.directories = directories
    }

    /// The search path for this process: `QUADLET_UNIT_DIRS` when set,
    /// otherwise Quadlet's system or user directories.
    public static func forCurrentProcess(isUser: Bool, log: (String) -> Void) -> SearchPaths {
        if let override = FileSystem.environment("QUADLET_UNIT_DIRS"), !override.isEmpty {
            var directories: [String] = []
            for directory in override.split(separator: ":").map(String.init) {
                guard Paths.isAbsolute(directory) else {
                    log("\(directory) not a valid file path")
                    return SearchPaths(directories: [])
                }
                directories += walk(directory, skip: { _ in false })
            }
            return SearchPaths(directories: directories)
        }
        if isUser {
            return SearchPaths(directories: userDirectories())
        }
        let admin = "/etc/containers/systemd"
        return SearchPaths(directories:
            walk("/run/containers/systemd", skip: { _ in false })
            + walk(admin, skip: { $0 == admin + "/users" })
            + walk("/usr/share/containers/systemd", skip: { $0 == "/usr/share/containers/systemd/users" }))
    }

    static func userDirectories() -> [String] {
        var directories: [String] = []
        if let runtime = FileSystem.environment("XDG_RUNTIME_DIR"), !runtime.isEmpty {
            directories += walk(runtime + "/containers/systemd", skip: { _ in false })
        }
        let config = FileSystem.environment("XDG_CONFIG_HOME").flatMap { $0.isEmpty ? nil : $0 }
            ?? FileSystem.homeDirectory().map { $0 + "/.config" }
        if let config {
            directories += walk(config + "/containers/systemd", skip: { _ in false })
        }
        let uid = String(FileSystem.currentUID())
        for root in ["/etc/containers/systemd/users", "/usr/share/containers/systemd/users"] {
            // Numeric subdirectories belong to other users; only ours is read.
            directories += walk(root, skip: { path in
                let name = Paths.baseName(of: path)
                return Paths.directory(of: path) == root && !name.isEmpty && name.allSatisfy(\.isNumber)
            })
            directories += walk(root + "/" + uid, skip: { _ in false })
        }
        return directories
    }

    /// `root` and every directory below it, depth first in name order.
    /// A missing root is still listed (nothing will be found there).
    static func walk(_ root: String, skip: (String) -> Bool) -> [String] {
        guard let resolved = FileSystem.resolve(root) else { return [root] }
        var result: [String] = []
        func visit(_ path: String, shownAs: String) {
            result.append(path)
            guard let entries = try? FileSystem.listDirectory(path) else { return }
            for entry in entries where entry.type == .directory {
                let child = path + "/" + entry.name
                if skip(shownAs + "/" + entry.name) { continue }
                visit(child, shownAs: shownAs + "/" + entry.name)
            }
        }
        visit(resolved, shownAs: root)
        return result
    }
}
