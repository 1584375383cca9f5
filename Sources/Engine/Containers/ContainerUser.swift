import Foundation

/// Resolves `--user`/`--group-add` against the container's own
/// /etc/passwd and /etc/group, as Podman does.
enum ContainerUser {
    struct Resolved {
        var uid: UInt32
        var gid: UInt32
        var additionalGids: [UInt32]
        var home: String
    }

    static func resolve(user: String, groupAdd: [String], rootfs: String) throws -> Resolved {
        let passwd = entries(rootfs + "/etc/passwd")
        let groups = entries(rootfs + "/etc/group")
        let parts = user.split(separator: ":", maxSplits: 1).map(String.init)
        let userPart = parts.first ?? ""
        var uid: UInt32 = 0
        var gid: UInt32?
        var home = "/root"
        var userName: String?
        if userPart.isEmpty {
            uid = 0
        } else if let n = UInt32(userPart) {
            uid = n
            if let entry = passwd.first(where: { $0.count > 2 && $0[2] == userPart }) {
                gid = UInt32(entry[3]); home = entry.count > 5 ? entry[5] : "/"; userName = entry[0]
            } else {
                home = "/"
            }
        } else {
            guard let entry = passwd.first(where: { $0.first == userPart }), entry.count > 3, let u = UInt32(entry[2]) else {
                throw EngineError.invalid("unable to find user \(userPart): no matching entries in passwd file")
            }
            uid = u; gid = UInt32(entry[3]); home = entry.count > 5 ? entry[5] : "/"; userName = userPart
        }
        if uid == 0 && userPart.isEmpty, let entry = passwd.first(where: { $0.count > 5 && $0[2] == "0" }) { home = entry[5] }
        if parts.count == 2 {
            if let g = UInt32(parts[1]) { gid = g } else {
                guard let entry = groups.first(where: { $0.first == parts[1] }), entry.count > 2, let g = UInt32(entry[2]) else {
                    throw EngineError.invalid("unable to find group \(parts[1]): no matching entries in group file")
                }
                gid = g
            }
        }
        var extra: [UInt32] = []
        if let userName {
            for entry in groups where entry.count > 3 && entry[3].split(separator: ",").contains(Substring(userName)) {
                if let g = UInt32(entry[2]), g != gid { extra.append(g) }
            }
        }
        for group in groupAdd where group != "keep-groups" {
            if let g = UInt32(group) { extra.append(g); continue }
            guard let entry = groups.first(where: { $0.first == group }), entry.count > 2, let g = UInt32(entry[2]) else {
                throw EngineError.invalid("unable to find group \(group): no matching entries in group file")
            }
            extra.append(g)
        }
        return Resolved(uid: uid, gid: gid ?? 0, additionalGids: extra, home: home.isEmpty ? "/" : home)
    }

    static func entries(_ path: String) -> [[String]] {
        guard let data = try? FileSystem.readFile(path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
