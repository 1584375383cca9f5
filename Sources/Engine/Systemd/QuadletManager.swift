#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Generator
import UnitParser

/// The Quadlet files a person installed for systemd: `berth quadlet
/// install`, `list`, `print` and `rm`, for root (`/etc/containers/systemd`)
/// or a user (`~/.config/containers/systemd`).
///
/// Files installed together as an application are listed in a hidden
/// manifest next to them (`.NAME.app`), and the files a single Quadlet
/// brought along in `.QUADLET.asset`: one relative path a line. `rm` of
/// any member removes the whole application.
package struct QuadletManager: Sendable {
    package var isUser: Bool
    /// Where `install` writes and from where `rm` removes.
    package var installDirectory: String
    /// Every directory the generator reads, in its priority order.
    package var searchDirectories: [String]
    /// Runs `systemctl` (with `--user` when `isUser`) with these arguments.
    package var systemctl: @Sendable ([String]) throws -> ChildProcess.Output

    package init(isUser: Bool, installDirectory: String, searchDirectories: [String],
                 systemctl: @escaping @Sendable ([String]) throws -> ChildProcess.Output) {
        self.isUser = isUser
        self.installDirectory = installDirectory
        self.searchDirectories = searchDirectories
        self.systemctl = systemctl
    }

    /// The manager for this process: a user's directories when not root
    /// (also once berth joined the user's namespace, where it is uid 0).
    package static func forCurrentProcess() -> QuadletManager {
        let user = Rootless.isActive
        let install: String
        if user {
            let env = ProcessInfo.processInfo.environment
            let config = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
            install = config + "/containers/systemd"
        } else {
            install = "/etc/containers/systemd"
        }
        let search = SearchPaths.forCurrentProcess(isUser: user, log: { _ in }).directories
        return QuadletManager(isUser: user, installDirectory: install, searchDirectories: search) { arguments in
            try ChildProcess.run(["/usr/bin/env", "systemctl"] + (user ? ["--user"] : []) + arguments)
        }
    }

    /// Quadlet unit file extensions (the generator's unit kinds).
    static let extensions = Set(UnitKind.allCases.map(\.fileExtension))

    static func isQuadlet(_ name: String) -> Bool {
        extensions.contains(UnitFile.fileExtension(of: name))
    }

    /// `systemctl daemon-reload`, so systemd runs the generator again.
    package func reloadSystemd() throws {
        let out = try systemctl(["daemon-reload"])
        guard out.status == 0 else {
            throw EngineError(.system, "systemctl\(isUser ? " --user" : "") daemon-reload: \(out.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    // MARK: - Manifests

    static func appManifestName(_ app: String) -> String { "." + app + ".app" }
    static func assetManifestName(_ quadlet: String) -> String { "." + quadlet + ".asset" }

    /// Applications installed in `directory`: name → relative paths of their files.
    func applications(in directory: String) throws -> [String: [String]] {
        var apps: [String: [String]] = [:]
        for name in try listDirectory(directory) where name.hasPrefix(".") && name.hasSuffix(".app") && name.count > 5 {
            let app = String(name.dropFirst().dropLast(4))
            apps[app] = try readManifest(directory + "/" + name)
        }
        return apps
    }

    func readManifest(_ path: String) throws -> [String] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw EngineError(.system, "reading Quadlet manifest \(path): \(error.localizedDescription)")
        }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Names in `directory`; a missing directory has none.
    func listDirectory(_ directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        do { return try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw EngineError(.system, "listing \(directory): \(error.localizedDescription)")
        }
    }
}

extension QuadletManager {
    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The part before the last `/`; "" for a bare name.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
