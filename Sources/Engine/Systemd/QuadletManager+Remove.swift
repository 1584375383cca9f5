#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension QuadletManager {
    /// Removes installed Quadlets (by file name or application name; a
    /// member of an application takes the whole application with it) and
    /// the files they brought along. A running service is refused unless
    /// `force`, which stops it first. Returns the Quadlet names removed.
    package func remove(_ names: [String], all: Bool, force: Bool, ignore: Bool) throws -> [String] {
        if all && !names.isEmpty { throw EngineError.invalid("--all and Quadlet names cannot be used together") }
        if !all && names.isEmpty { throw EngineError.invalid("must provide at least one Quadlet name or --all") }
        let installed = try scan().filter { $0.Path.hasPrefix(installDirectory + "/") }
        let apps = try applications(in: installDirectory)

        // Relative paths of every file to remove, Quadlets first noted by name.
        var files: [String] = []
        var manifests: [String] = []
        var removed: [String] = []
        func take(_ quadlet: InstalledQuadlet) throws {
            let relative = String(quadlet.Path.dropFirst(installDirectory.count + 1))
            guard !files.contains(relative) else { return }
            if !quadlet.App.isEmpty, let members = apps[quadlet.App] {
                manifests.append(Self.appManifestName(quadlet.App))
                for member in members where !files.contains(member) {
                    files.append(member)
                    if let q = installed.first(where: { $0.Path == installDirectory + "/" + member }) { removed.append(q.Name) }
                }
                return
            }
            files.append(relative)
            removed.append(quadlet.Name)
            let directory = Self.directory(of: relative)
            let prefix = directory.isEmpty ? "" : directory + "/"
            let manifest = prefix + Self.assetManifestName(quadlet.Name)
            if FileManager.default.fileExists(atPath: installDirectory + "/" + manifest) {
                manifests.append(manifest)
                files += try readManifest(installDirectory + "/" + manifest).map { prefix + $0 }
            }
        }
        if all {
            for quadlet in installed { try take(quadlet) }
        } else {
            for name in names {
                let matches = installed.filter { $0.Name == name || $0.App == name }
                if matches.isEmpty {
                    if ignore { continue }
                    throw EngineError.notFound("\(name): no such Quadlet installed in \(installDirectory)")
                }
                for quadlet in matches { try take(quadlet) }
            }
        }
        guard !files.isEmpty else { return [] }

        let quadlets = installed.filter { q in files.contains(String(q.Path.dropFirst(installDirectory.count + 1))) }
        let states = try unitStates(quadlets.map(\.UnitName))
        let running = quadlets.filter { q in
            guard let state = states[q.UnitName] else { return false }
            return ["active", "activating", "reloading", "deactivating"].contains(where: { state.hasPrefix($0 + "/") })
        }
        if !running.isEmpty {
            guard force else {
                throw EngineError(.inUse, "Quadlet \(running[0].Name) is running (\(running[0].UnitName) is \(states[running[0].UnitName]!)): stop it first or use --force")
            }
            let out = try systemctl(["stop", "--"] + running.map(\.UnitName))
            guard out.status == 0 else {
                throw EngineError(.system, "systemctl\(isUser ? " --user" : "") stop \(running.map(\.UnitName).joined(separator: " ")): \(out.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
        }
        for file in files + manifests {
            let path = installDirectory + "/" + file
            guard FileManager.default.fileExists(atPath: path) else { continue }
            do { try FileManager.default.removeItem(atPath: path) } catch {
                throw EngineError(.system, "removing \(path): \(error.localizedDescription)")
            }
        }
        // Directories an application brought (`conf/`) go when left empty
        // (rmdir refuses one that is not: ENOTEMPTY leaves it).
        let directories = Set(files.map { Self.directory(of: $0) }.filter { !$0.isEmpty }).sorted { $0.count > $1.count }
        for directory in directories {
            rmdir(installDirectory + "/" + directory)
        }
        return removed
    }
}
