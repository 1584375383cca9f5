#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `--userns`, `--uidmap`/`--gidmap`, `--subuidname`/`--subgidname`:
/// what the container's user namespace maps (nil mappings: the host's).
public struct UserNamespaceConfig: Codable, Sendable, Equatable {
    /// The mode as given ("" for explicit maps, "auto", "host", ...).
    public var mode: String
    public var uidMappings: [IDMap]
    public var gidMappings: [IDMap]

    /// Ranges of `name` in a subordinate id file (/etc/subuid, /etc/subgid).
    static func subordinateRanges(_ name: String, file: String) -> [(start: UInt32, count: UInt32)] {
        guard let data = try? FileSystem.readFile(file) else { return [] }
        var uid: String?
        if let pw = getpwnam(name) { uid = String(pw.pointee.pw_uid) }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let f = line.split(separator: ":").map(String.init)
            guard f.count == 3, f[0] == name || f[0] == uid, let start = UInt32(f[1]), let count = UInt32(f[2]), count > 0 else { return nil }
            return (start, count)
        }
    }

    /// Container ids 0... laid over the ranges in order (`--subuidname`).
    static func consecutive(over ranges: [(start: UInt32, count: UInt32)]) -> [IDMap] {
        var next: UInt32 = 0
        return ranges.map { r in
            defer { next += r.count }
            return IDMap(containerID: next, hostID: r.start, size: r.count)
        }
    }

    /// The user namespace the flags ask for; nil for the host's.
    /// `--userns=auto` is only validated here: its ranges are allocated
    /// at create time (`allocateAuto`).
    package static func from(userns: String?, uidmap: [String], gidmap: [String], subuidname: String?, subgidname: String?) throws -> UserNamespaceConfig? {
        let mode = userns ?? ""
        var uids = try IDMap.parse(uidmap, flag: "--uidmap")
        var gids = try IDMap.parse(gidmap, flag: "--gidmap")
        if uids.isEmpty { uids = gids }
        if gids.isEmpty { gids = uids }
        var subU = subuidname, subG = subgidname
        if subU == nil { subU = subG }
        if subG == nil { subG = subU }
        if let subU, let subG {
            guard uids.isEmpty else { throw EngineError.invalid("--subuidname/--subgidname cannot be combined with --uidmap/--gidmap") }
            let uidRanges = subordinateRanges(subU, file: subuidFile)
            let gidRanges = subordinateRanges(subG, file: subgidFile)
            guard !uidRanges.isEmpty else { throw EngineError.invalid("no subordinate uids for \(subU.debugDescription) in \(subuidFile)") }
            guard !gidRanges.isEmpty else { throw EngineError.invalid("no subordinate gids for \(subG.debugDescription) in \(subgidFile)") }
            uids = consecutive(over: uidRanges)
            gids = consecutive(over: gidRanges)
        }
        let (name, options) = split(mode)
        switch name {
        case "", "host":
            if uids.isEmpty { return nil }
            if Rootless.isActive { try checkWithinRootless(uids, gids) }
            guard name.isEmpty else { throw EngineError.invalid("--userns=host cannot be combined with --uidmap/--gidmap/--subuidname") }
            return UserNamespaceConfig(mode: "", uidMappings: uids, gidMappings: gids)
        case "private":
            // Podman: a new namespace; without maps, the same as auto.
            if !uids.isEmpty { return UserNamespaceConfig(mode: "", uidMappings: uids, gidMappings: gids) }
            return UserNamespaceConfig(mode: "auto", uidMappings: [], gidMappings: [])
        case "auto":
            guard uids.isEmpty else { throw EngineError.invalid("--userns=auto cannot be combined with --uidmap/--gidmap/--subuidname") }
            for option in options {
                guard option.hasPrefix("size="), let size = UInt32(option.dropFirst(5)), size > 0 else {
                    throw EngineError.invalid("--userns=auto option \(option.debugDescription) is not supported (only size=N)")
                }
            }
            return UserNamespaceConfig(mode: mode, uidMappings: [], gidMappings: [])
        case "keep-id", "nomap":
            guard Rootless.isActive else {
                throw EngineError.invalid("--userns=\(name) is only useful for rootless containers: run berth as an ordinary user")
            }
            guard uids.isEmpty else { throw EngineError.invalid("--userns=\(name) cannot be combined with --uidmap/--gidmap/--subuidname") }
            return try rootlessMapping(name, options: options, mode: mode)
        default:
            throw EngineError.invalid("--userns=\(mode) is not supported: use host, auto[:size=N], private, or --uidmap/--gidmap/--subuidname")
        }
    }

    /// How many ids the rootless namespace has: the user's own and their
    /// subordinate ones (read from the files, so the same inside and out).
    static func rootlessSize() throws -> (uids: UInt32, gids: UInt32) {
        let maps = try Rootless.idMaps()
        func size(_ words: [String]) -> UInt32 {
            stride(from: 2, to: words.count, by: 3).reduce(0) { $0 + (UInt32(words[$1]) ?? 0) }
        }
        return (size(maps.uids), size(maps.gids))
    }

    /// Rootless `--uidmap`/`--gidmap` name ids of the user's namespace: they must exist there.
    static func checkWithinRootless(_ uids: [IDMap], _ gids: [IDMap]) throws {
        let size = try rootlessSize()
        for (maps, n, flag) in [(uids, size.uids, "--uidmap"), (gids, size.gids, "--gidmap")] {
            for m in maps where UInt64(m.hostID) + UInt64(m.size) > UInt64(n) {
                throw EngineError.invalid("\(flag) \(m.containerID):\(m.hostID):\(m.size): rootless berth has ids 0-\(n - 1) (your own and those of /etc/subuid, /etc/subgid) to map")
            }
        }
    }

    /// Rootless `keep-id[:uid=U,gid=G]`: the user's own id (0 in berth's
    /// namespace) is U in the container (default: the user's id), the other
    /// ids around it; `nomap`: the user's own id is not mapped at all.
    static func rootlessMapping(_ name: String, options: [String], mode: String) throws -> UserNamespaceConfig {
        let size = try rootlessSize()
        if name == "nomap" {
            guard options.isEmpty else { throw EngineError.invalid("--userns=nomap takes no options") }
            return UserNamespaceConfig(mode: mode, uidMappings: [IDMap(containerID: 0, hostID: 1, size: size.uids - 1)],
                                       gidMappings: [IDMap(containerID: 0, hostID: 1, size: size.gids - 1)])
        }
        var uid = Rootless.hostUID, gid = Rootless.hostGID
        for option in options {
            if option.hasPrefix("uid="), let v = UInt32(option.dropFirst(4)) { uid = v } else if option.hasPrefix("gid="), let v = UInt32(option.dropFirst(4)) { gid = v } else {
                throw EngineError.invalid("--userns=keep-id option \(option.debugDescription) is not supported (uid=N, gid=N)")
            }
        }
        func keep(_ id: UInt32, _ n: UInt32, _ what: String) throws -> [IDMap] {
            guard id < n else { throw EngineError.invalid("--userns=keep-id: \(what) \(id) is outside the \(n) ids rootless berth has (your own and your subordinate ones)") }
            var maps: [IDMap] = []
            if id > 0 { maps.append(IDMap(containerID: 0, hostID: 1, size: id)) }
            maps.append(IDMap(containerID: id, hostID: 0, size: 1))
            if id + 1 < n { maps.append(IDMap(containerID: id + 1, hostID: id + 1, size: n - id - 1)) }
            return maps
        }
        return UserNamespaceConfig(mode: mode, uidMappings: try keep(uid, size.uids, "uid"), gidMappings: try keep(gid, size.gids, "gid"))
    }

    /// keep-id's user: the id kept, unless --user says otherwise.
    var keptUser: String? {
        guard mode.hasPrefix("keep-id"), let uid = uidMappings.first(where: { $0.hostID == 0 && $0.size == 1 })?.containerID,
              let gid = gidMappings.first(where: { $0.hostID == 0 && $0.size == 1 })?.containerID else { return nil }
        return "\(uid):\(gid)"
    }

    static func split(_ mode: String) -> (String, [String]) {
        let parts = mode.split(separator: ":", maxSplits: 1).map(String.init)
        let options = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
        return (parts.first ?? "", options)
    }

    static var subuidFile: String { ProcessInfo.processInfo.environment["BERTH_SUBUID_FILE"] ?? "/etc/subuid" }
    static var subgidFile: String { ProcessInfo.processInfo.environment["BERTH_SUBGID_FILE"] ?? "/etc/subgid" }

    /// The user Podman allocates `--userns=auto` ranges from.
    static let autoUser = "containers"
    /// Podman's smallest automatic namespace.
    static let autoMinimum: UInt32 = 1024

    /// `--userns=auto`: `size` ids (or enough for the image's users and
    /// groups, at least 1024) from the "containers" ranges of /etc/subuid and
    /// /etc/subgid that no other container of this store uses. The caller
    /// holds the store's userns lock while it allocates and records.
    static func allocateAuto(mode: String, rootfsPasswd: (passwd: Data?, group: Data?), taken: [UserNamespaceConfig]) throws -> UserNamespaceConfig {
        let (_, options) = split(mode)
        var size: UInt32 = 0
        for option in options where option.hasPrefix("size=") { size = UInt32(option.dropFirst(5)) ?? 0 }
        if size == 0 {
            var highest: UInt32 = 0
            for file in [rootfsPasswd.passwd, rootfsPasswd.group].compactMap({ $0 }) {
                for line in String(decoding: file, as: UTF8.self).split(separator: "\n") {
                    let f = line.split(separator: ":", omittingEmptySubsequences: false)
                    if f.count > 2, let id = UInt32(f[2]) { highest = max(highest, id) }
                }
            }
            size = max(autoMinimum, highest == UInt32.max ? highest : highest + 1)
        }
        let rootlessSize = Rootless.isActive ? try Self.rootlessSize() : nil
        func pick(_ file: String, _ used: [IDMap]) throws -> [IDMap] {
            // Rootless: from the ids of the user's namespace (all but their own).
            let ranges = rootlessSize.map { [(start: UInt32(1), count: (file == subuidFile ? $0.uids : $0.gids) - 1)] } ?? subordinateRanges(autoUser, file: file)
            guard !ranges.isEmpty else {
                throw EngineError.invalid("--userns=auto needs ranges for the user \"\(autoUser)\" in \(file) (for example \"\(autoUser):2147483647:2147483648\")")
            }
            let busy = used.map { (UInt64($0.hostID), UInt64($0.hostID) + UInt64($0.size)) }.sorted { $0.0 < $1.0 }
            for range in ranges {
                var start = UInt64(range.start)
                let end = UInt64(range.start) + UInt64(range.count)
                // Past every busy block the candidate overlaps; moving can make
                // it overlap another, so walk again until nothing moves it.
                var moved = true
                while moved {
                    moved = false
                    for (b0, b1) in busy where b1 > start && b0 < start + UInt64(size) {
                        start = b1
                        moved = true
                    }
                }
                if start + UInt64(size) <= end {
                    return [IDMap(containerID: 0, hostID: UInt32(start), size: size)]
                }
            }
            throw EngineError(.system, "--userns=auto: no free range of \(size) ids left for \"\(autoUser)\" in \(file)")
        }
        let autos = taken.filter { $0.mode.hasPrefix("auto") }
        return UserNamespaceConfig(mode: mode, uidMappings: try pick(subuidFile, autos.flatMap(\.uidMappings)),
                                   gidMappings: try pick(subgidFile, autos.flatMap(\.gidMappings)))
    }

    /// Throws a clear error when a directory above `base` (outside the
    /// store, which berth does not change) keeps others from walking to it.
    static func checkReachable(_ base: String, uid: UInt32) throws {
        var current = ""
        for component in base.split(separator: "/").dropLast() {
            current += "/" + component
            var st = stat()
            guard lstat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { continue }
            if st.st_mode & 0o001 == 0 && st.st_uid != uid {
                throw EngineError.invalid("the container's root (host uid \(uid)) cannot reach \(base): \(current) is not searchable by others (chmod o+x \(current))")
            }
        }
    }

    /// Adds search permission for everyone on `path` and the directories
    /// between `base` and it (the others' permissions otherwise unchanged).
    static func makeTraversable(_ path: String, from base: String) {
        guard path.hasPrefix(base) else { return }
        var current = base
        var dirs = [base]
        for component in path.dropFirst(base.count).split(separator: "/") {
            current += "/" + component
            dirs.append(current)
        }
        for dir in dirs {
            var st = stat()
            guard lstat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_mode & 0o011 != 0o011 else { continue }
            chmod(dir, (st.st_mode & 0o7777) | 0o011)
        }
    }

    /// Shifts the ownership of everything under `root` (not crossing into
    /// other file systems): each file's owner, read as a container id, becomes
    /// the host id it maps to. Hard links are shifted once; set-id bits, which
    /// chown clears, are put back. Ids outside the mapping stay as they are.
    static func shiftOwnership(_ root: String, uids: [IDMap], gids: [IDMap]) throws {
        // Hard links: an inode already shifted shows its new owner when met
        // again (skip it); on overlay the first chown copies one link up and
        // the others still show the old owner (shift them too).
        var shifted: [String: (UInt32, UInt32)] = [:]
        func shift(_ path: String, _ st: stat) throws {
            let isDir = (st.st_mode & S_IFMT) == S_IFDIR
            let key = "\(st.st_dev):\(st.st_ino)"
            if !isDir && st.st_nlink > 1, let done = shifted[key], done.0 == st.st_uid && done.1 == st.st_gid { return }
            let uid = IDMap.host(st.st_uid, in: uids) ?? st.st_uid
            let gid = IDMap.host(st.st_gid, in: gids) ?? st.st_gid
            guard uid != st.st_uid || gid != st.st_gid else { return }
            if lchown(path, uid, gid) != 0 { throw EngineError.system("cannot shift the owner of \(path)", errno) }
            if (st.st_mode & S_IFMT) != S_IFLNK && st.st_mode & (S_ISUID | S_ISGID) != 0 {
                chmod(path, st.st_mode & 0o7777)
            }
            if !isDir && st.st_nlink > 1 { shifted[key] = (uid, gid) }
        }
        var rootStat = stat()
        guard lstat(root, &rootStat) == 0 else { throw EngineError.system("cannot read \(root)", errno) }
        try shift(root, rootStat)
        // Called right after the root file system is mounted: nothing is
        // mounted below it yet, so the walk stays in the container's files.
        var stack = [root]
        while let dir = stack.popLast() {
            guard let handle = opendir(dir) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                let path = dir + "/" + name
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                try shift(path, st)
                if (st.st_mode & S_IFMT) == S_IFDIR { stack.append(path) }
            }
        }
    }
}
