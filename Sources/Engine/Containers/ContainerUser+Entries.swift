#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What Podman adds to a container's /etc/passwd and /etc/group at start:
/// the entry of a numeric `--user` the image does not know (and its
/// group's), `--hostuser` entries copied from the host, written with the
/// `--passwd-entry` / `--group-entry` templates when given. The lines are
/// appended to the container's own files (its upper layer), as Podman does
/// for a writable root, so a later start finds them and adds nothing.
extension ContainerUser {
    struct Entry {
        var name: String
        var uid: String
        var gid: String
        var gecos: String
        var home: String
    }

    static func addEntries(_ config: ContainerConfiguration, rootfs: String) throws {
        guard case .success(let etc) = PathInRoot.resolve("/etc", in: rootfs) else { return }
        var passwd = entries(etc + "/passwd")
        var passwdLines: [String] = []
        func known(_ nameOrID: String) -> Bool {
            passwd.contains { $0.first == nameOrID || ($0.count > 2 && $0[2] == nameOrID) }
        }
        func add(_ entry: Entry) {
            var line = "\(entry.name):*:\(entry.uid):\(entry.gid):\(entry.gecos):\(entry.home):/bin/sh"
            if let template = config.passwdEntry {
                line = template.replacingOccurrences(of: "$USERNAME", with: entry.name).replacingOccurrences(of: "$UID", with: entry.uid)
                    .replacingOccurrences(of: "$GID", with: entry.gid).replacingOccurrences(of: "$NAME", with: entry.gecos)
                    .replacingOccurrences(of: "$HOME", with: entry.home)
            }
            passwdLines.append(line)
            passwd.append(line.split(separator: ":", omittingEmptySubsequences: false).map(String.init))
        }
        let workingDir = config.workingDir.isEmpty ? "/" : config.workingDir
        for hostUser in config.hostUsers ?? [] {
            let host = try hostEntry(hostUser)
            guard !known(host.name), !known(host.uid) else { continue }
            // The host home directory when it is mounted in, else the working directory.
            let home = config.mounts.contains { $0.destination == host.home } ? host.home : workingDir
            add(Entry(name: host.name, uid: host.uid, gid: host.gid, gecos: host.gecos, home: home))
        }

        var groupLines: [String] = []
        let parts = config.user.split(separator: ":", maxSplits: 1).map(String.init)
        if let userPart = parts.first, let uid = UInt32(userPart) {
            if !known(userPart) {
                var gid: UInt32 = 0
                if parts.count == 2 {
                    if let g = UInt32(parts[1]) { gid = g } else {
                        guard let group = entries(etc + "/group").first(where: { $0.first == parts[1] }), group.count > 2, let g = UInt32(group[2]) else {
                            throw EngineError.invalid("unable to get gid \(parts[1]) from group file: no matching entries in group file")
                        }
                        gid = g
                    }
                }
                add(Entry(name: String(uid), uid: String(uid), gid: String(gid), gecos: "container user", home: workingDir))
            }
            // The group: the one given, else the user's number (Podman's rule).
            let groupPart = parts.count == 2 ? parts[1] : userPart
            if let gid = UInt32(groupPart), !entries(etc + "/group").contains(where: { $0.first == groupPart || ($0.count > 2 && $0[2] == groupPart) }) {
                var line = "\(gid):x:\(gid):\(userPart)"
                if let template = config.groupEntry {
                    line = template.replacingOccurrences(of: "$GROUPNAME", with: String(gid)).replacingOccurrences(of: "$GID", with: String(gid))
                        .replacingOccurrences(of: "$USERLIST", with: userPart)
                }
                groupLines.append(line)
            }
        }
        try append(passwdLines, to: etc + "/passwd")
        try append(groupLines, to: etc + "/group")
    }

    /// A host user by name or UID, from the host's /etc/passwd.
    private static func hostEntry(_ nameOrID: String) throws -> Entry {
        let isID = UInt32(nameOrID) != nil
        guard let fields = entries("/etc/passwd").first(where: { $0.count > 5 && (isID ? $0[2] == nameOrID : $0[0] == nameOrID) }) else {
            throw EngineError(.notFound, isID ? "user: unknown userid \(nameOrID)" : "user: unknown user \(nameOrID)", exitCode: 126)
        }
        return Entry(name: fields[0], uid: fields[2], gid: fields[3], gecos: fields[4], home: fields[5])
    }

    private static func append(_ lines: [String], to path: String) throws {
        guard !lines.isEmpty else { return }
        // A symlink here could point anywhere on the host: not followed.
        var info = stat()
        if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            throw EngineError(.system, "adding the container user's entry to \(path): not a regular file")
        }
        var text = try FileSystem.readFileIfPresent(path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += lines.joined(separator: "\n") + "\n"
        do {
            try FileSystem.writeFileAtomically(path, Data(text.utf8), mode: 0o644)
        } catch let error as EngineError {
            throw EngineError(.system, "adding the container user's entry to \(path): \(error.message)")
        }
    }
}
