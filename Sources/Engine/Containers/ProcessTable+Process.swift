import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ProcessTable {
    /// One process as /proc shows it from the host, with the container's
    /// view beside it: pid and process group in its pid namespace, user and
    /// group ids in its user namespace, names from its own /etc files.
    struct Process {
        var hostPID: Int
        var pid: Int
        var hostPPID: Int
        var ppid = 0
        var pgid: Int
        var name: String
        var command: String
        var arguments: [String]
        var terminal: Int64
        var startTicks: Int64
        var userTicks: Int64
        var systemTicks: Int64
        var nice: String
        var virtualBytes: Int64
        var status: [String: String]
        /// Real, effective, saved and file-system ids, in the container's namespace.
        var uids: [Int64]
        var gids: [Int64]
        var groups: [Int64]
        var hostUIDs: [Int64]
        var hostGIDs: [Int64]
        var hostGroups: [Int64]
        var label: String
        private var users: [Int64: String]
        private var groupNames: [Int64: String]

        /// nil when the process is gone.
        init?(hostPID: Int) {
            let base = "/proc/\(hostPID)"
            guard let stat = try? String(contentsOfFile: base + "/stat", encoding: .utf8),
                  let statusText = try? String(contentsOfFile: base + "/status", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 20 else { return nil }
            var status: [String: String] = [:]
            for line in statusText.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                status[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            func numbers(_ key: String) -> [Int64] { (status[key] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Int64($0) } }
            self.hostPID = hostPID
            pid = numbers("NSpid").last.map(Int.init) ?? hostPID
            hostPPID = Int(fields[1]) ?? 0
            pgid = numbers("NSpgid").last.map(Int.init) ?? Int(fields[2]) ?? 0
            name = status["Name"] ?? String(stat[stat.index(after: open)..<close])
            command = String(stat[stat.index(after: open)..<close])
            let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: base + "/cmdline"))) ?? Data()
            arguments = cmdline.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if arguments.last == "" { arguments.removeLast() }
            terminal = Int64(fields[4]) ?? 0
            userTicks = Int64(fields[11]) ?? 0
            systemTicks = Int64(fields[12]) ?? 0
            nice = String(fields[16])
            startTicks = Int64(fields[19]) ?? 0
            virtualBytes = Int64(fields[20]) ?? 0
            self.status = status
            hostUIDs = numbers("Uid")
            hostGIDs = numbers("Gid")
            hostGroups = numbers("Groups")
            let uidMap = Self.idMap(base + "/uid_map"), gidMap = Self.idMap(base + "/gid_map")
            uids = hostUIDs.map { Self.inside($0, uidMap) }
            gids = hostGIDs.map { Self.inside($0, gidMap) }
            groups = hostGroups.map { Self.inside($0, gidMap) }
            label = (try? String(contentsOfFile: base + "/attr/current", encoding: .utf8))?
                .trimmingCharacters(in: CharacterSet(charactersIn: "\0\n")) ?? "?"
            if label.isEmpty { label = "?" }
            users = Self.names(base + "/root/etc/passwd")
            groupNames = Self.names(base + "/root/etc/group")
        }

        func userName(_ id: Int64?) -> String { id.map { users[$0] ?? String($0) } ?? "?" }
        func groupName(_ id: Int64?) -> String { id.map { groupNames[$0] ?? String($0) } ?? "?" }

        static func hostUserName(_ id: Int64?) -> String {
            guard let id else { return "?" }
            guard let entry = getpwuid(uid_t(id)) else { return String(id) }
            return String(cString: entry.pointee.pw_name)
        }

        static func hostGroupName(_ id: Int64?) -> String {
            guard let id else { return "?" }
            guard let entry = getgrgid(gid_t(id)) else { return String(id) }
            return String(cString: entry.pointee.gr_name)
        }

        /// `inside outside count` lines of a process's uid_map or gid_map.
        private static func idMap(_ path: String) -> [(inside: Int64, outside: Int64, count: Int64)] {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { line in
                let n = line.split(separator: " ").compactMap { Int64($0) }
                return n.count == 3 ? (n[0], n[1], n[2]) : nil
            }
        }

        /// A host id as the namespace sees it; the overflow id when unmapped.
        private static func inside(_ id: Int64, _ map: [(inside: Int64, outside: Int64, count: Int64)]) -> Int64 {
            if map.isEmpty { return id }
            for m in map where id >= m.outside && id < m.outside + m.count { return m.inside + id - m.outside }
            return 65534
        }

        /// `name:x:id:...` lines of a passwd or group file.
        private static func names(_ path: String) -> [Int64: String] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
            var names: [Int64: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
                if parts.count >= 3, let id = Int64(parts[2]), names[id] == nil { names[id] = String(parts[0]) }
            }
            return names
        }
    }
}
