/// Where Quadlet unit files are looked for, in priority order (the first
/// file with a given name wins). Every directory is walked recursively.
public struct SearchPaths: Sendable {
    public private(set) var directories: [String]
    /// Set when `directories` holds every directory below the roots (as the
    /// walk makes it) and `links` every symlink there: a path in neither
    /// does not exist, so no system call is spent finding that out.
    private var walked: (directories: Set<String>, links: Set<String>)?
    /// False when the walk found no `*.d` directory or symlink: then no
    /// unit has drop-ins to look for.
    private(set) var mayHaveDropIns = true

    public init(directories: [String]) {
        self.directories = directories
    }

    init(walk roots: [(path: String, skip: (String) -> Bool)]) {
        var listing = Listing()
        for (root, skip) in roots {
            listing.walk(root, skip: skip)
        }
        directories = listing.directories
        walked = (Set(listing.directories), listing.links)
        mayHaveDropIns = (listing.directories + listing.links).contains { $0.hasSuffix(".d") }
    }

    /// False only when `path` surely does not exist.
    func mayExist(_ path: String) -> Bool {
        guard let walked else { return true }
        return walked.directories.contains(path) || walked.links.contains(path)
    }

    /// The search path for this process: `QUADLET_UNIT_DIRS` when set,
    /// otherwise Quadlet's system or user directories.
    public static func forCurrentProcess(isUser: Bool, log: (String) -> Void) -> SearchPaths {
        let never: (String) -> Bool = { _ in false }
        if let override = FileSystem.environment("QUADLET_UNIT_DIRS"), !override.isEmpty {
            let roots = override.split(separator: ":").map(String.init)
            if let bad = roots.first(where: { !Paths.isAbsolute($0) }) {
                log("\(bad) not a valid file path")
                return SearchPaths(directories: [])
            }
            return SearchPaths(walk: roots.map { ($0, never) })
        }
        if isUser {
            return SearchPaths(walk: userRoots())
        }
        let admin = "/etc/containers/systemd"
        let distro = "/usr/share/containers/systemd"
        return SearchPaths(walk: [
            ("/run/containers/systemd", never),
            (admin, { $0 == admin + "/users" }),
            (distro, { $0 == distro + "/users" }),
        ])
    }

    static func userRoots() -> [(path: String, skip: (String) -> Bool)] {
        let never: (String) -> Bool = { _ in false }
        var roots: [(path: String, skip: (String) -> Bool)] = []
        if let runtime = FileSystem.environment("XDG_RUNTIME_DIR"), !runtime.isEmpty {
            roots.append((runtime + "/containers/systemd", never))
        }
        let config = FileSystem.environment("XDG_CONFIG_HOME").flatMap { $0.isEmpty ? nil : $0 }
            ?? FileSystem.homeDirectory().map { $0 + "/.config" }
        if let config {
            roots.append((config + "/containers/systemd", never))
        }
        let uid = String(FileSystem.currentUID())
        for root in ["/etc/containers/systemd/users", "/usr/share/containers/systemd/users"] {
            // Numeric subdirectories belong to other users; only ours is read.
            roots.append((root, { path in
                let name = Paths.baseName(of: path)
                return Paths.directory(of: path) == root && !name.isEmpty && name.allSatisfy(\.isNumber)
            }))
            roots.append((root + "/" + uid, never))
        }
        return roots
    }

    /// Directories (and symlinks) found by walking, depth first in name order.
    struct Listing {
        var directories: [String] = []
        var links: Set<String> = []

        /// Real paths of the directories walked, so a link back up the tree
        /// is not followed into a loop.
        private var visited: Set<String> = []

        /// `root` and every directory below it, symlinked ones included (as
        /// Quadlet does), each once. A missing root is still listed.
        mutating func walk(_ root: String, skip: (String) -> Bool) {
            guard let resolved = FileSystem.resolve(root) else {
                directories.append(root)
                return
            }
            visit(resolved, real: resolved, shownAs: root, skip: skip)
        }

        private mutating func visit(_ path: String, real: String, shownAs: String, skip: (String) -> Bool) {
            guard visited.insert(real).inserted else { return }
            directories.append(path)
            guard let entries = try? FileSystem.listDirectory(path, including: { $0 == .directory || $0 == .symlink }) else { return }
            for entry in entries {
                let child = path + "/" + entry.name
                let childShown = shownAs + "/" + entry.name
                switch entry.type {
                case .directory:
                    if !skip(childShown) {
                        visit(child, real: real + "/" + entry.name, shownAs: childShown, skip: skip)
                    }
                case .symlink:
                    links.insert(child)
                    if FileSystem.isDirectory(child), !skip(childShown), let target = FileSystem.resolve(child) {
                        visit(child, real: target, shownAs: childShown, skip: skip)
                    }
                default:
                    break
                }
            }
        }
    }
}
