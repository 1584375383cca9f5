import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `top`'s table as Podman's psgo makes it: the AIX format descriptors
/// (`pid`, `%C`, `args`, ...) plus psgo's own (`seccomp`, `capeff`, `hpid`,
/// ...), read from /proc for a container's processes and shown as the
/// container sees them: pids of its pid namespace, users and groups named by
/// its /etc/passwd and /etc/group, ids of its user namespace.
package struct ProcessTable {
    /// One column: its code (`%p`), name (`pid`) and header (`PID`).
    struct Descriptor: Sendable {
        var code: String?
        var name: String
        var header: String
        var value: @Sendable (Process, ProcessTable) -> String

        init(code: String? = nil, name: String, header: String, value: @escaping @Sendable (Process, ProcessTable) -> String) {
            self.code = code
            self.name = name
            self.header = header
            self.value = value
        }
    }

    /// psgo's default, `ps -ef`-like.
    package static let defaultDescriptors = ["user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args"]

    /// The processes, ordered by their pid in the container.
    let processes: [Process]
    let now: Double
    let bootTime: Int64
    let clockTicks: Int64

    /// Reads the given host pids; processes that are gone meanwhile are left
    /// out (reading /proc races with their exits).
    package init(hostPIDs: [Int]) throws {
        var found: [Process] = []
        for pid in Set(hostPIDs) {
            if let process = Process(hostPID: pid) { found.append(process) }
        }
        let byHost = Dictionary(found.map { ($0.hostPID, $0.pid) }, uniquingKeysWith: { a, _ in a })
        for i in found.indices { found[i].ppid = byHost[found[i].hostPPID] ?? 0 }
        processes = found.sorted { ($0.pid, $0.hostPID) < ($1.pid, $1.hostPID) }
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        now = Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        let stat = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        bootTime = stat.split(separator: "\n").first { $0.hasPrefix("btime ") }.flatMap { Int64($0.dropFirst(6)) } ?? 0
        clockTicks = Int64(max(sysconf(Int32(_SC_CLK_TCK)), 1))
    }

    /// Whether every descriptor is one psgo knows (else Podman runs ps(1)
    /// in the container with the words as they are).
    package static func knows(_ descriptors: [String]) -> Bool {
        descriptors.allSatisfy { word in all.contains { $0.name == word || $0.code == word } }
    }

    /// The header and a row per process, cells separated by tabs; the
    /// descriptors may also come comma-separated.
    package func render(_ words: [String]) throws -> [String] {
        let names = words.isEmpty ? Self.defaultDescriptors : words
        var columns: [Descriptor] = []
        for name in names {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let column = Self.all.first(where: { $0.name == trimmed || $0.code == trimmed }) else {
                throw EngineError.invalid("'\(trimmed)': unknown descriptor")
            }
            columns.append(column)
        }
        return [columns.map(\.header).joined(separator: "\t")]
            + processes.map { p in columns.map { $0.value(p, self) }.joined(separator: "\t") }
    }

    // MARK: values

    func startTime(_ p: Process) -> Int64 { bootTime + p.startTicks / clockTicks }
    func elapsedNanoseconds(_ p: Process) -> UInt64 { UInt64(max(0, (now - Double(startTime(p))) * 1e9)) }
    func cpuSeconds(_ p: Process) -> Int64 { (p.userTicks + p.systemTicks) / clockTicks }

    static func goDuration(_ nanoseconds: UInt64) -> String { StatsUnits.goDuration(nanoseconds: nanoseconds) }

    /// Go's `time.Time` printed with `%v`: `2026-12-03 21:40:00 +0000 UTC`.
    static func goTime(_ seconds: Int64) -> String {
        var t = time_t(seconds)
        var parts = tm()
        localtime_r(&t, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S %z %Z", &parts)
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A capability mask as psgo shows it: `full`, `none` or sorted names.
    static func capabilities(_ hex: String) -> String {
        guard let mask = UInt64(hex, radix: 16) else { return hex }
        let last = Int((try? String(contentsOfFile: "/proc/sys/kernel/cap_last_cap", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 40
        let full: UInt64 = last >= 63 ? .max : (UInt64(1) << UInt64(last + 1)) - 1
        if mask == full { return "full" }
        let names = RuntimeSpecBuilder.capabilityNumbers.filter { mask & (UInt64(1) << UInt64($0.value)) != 0 }
            .map { String($0.key.dropFirst(4)) }.sorted()
        return names.isEmpty ? "none" : names.joined(separator: ",")
    }

    /// A process's controlling terminal as its /dev shows it (`pts/0`), or `?`.
    static func terminal(_ number: Int64) -> String {
        let major = (number >> 8) & 0xfff, minor = (number & 0xff) | ((number >> 12) & 0xfff00)
        guard number != 0, (136...143).contains(major) else { return "?" }
        return "pts/\((major - 136) * 256 + minor)"
    }

    static let all: [Descriptor] = {
        var all: [Descriptor] = []
        all.append(Descriptor(code: "%C", name: "pcpu", header: "%CPU") { p, t in
            let elapsed = Double(t.elapsedNanoseconds(p)) / 1e9
            return String(format: "%.3f", elapsed > 0 ? 100 * Double(t.cpuSeconds(p)) / elapsed : 0)
        })
        all.append(Descriptor(code: "%G", name: "group", header: "GROUP") { p, _ in p.groupName(p.gids[safe: 1]) })
        all.append(Descriptor(name: "groups", header: "GROUPS") { p, _ in p.groups.map { p.groupName($0) }.joined(separator: ",") })
        all.append(Descriptor(code: "%P", name: "ppid", header: "PPID") { p, _ in String(p.ppid) })
        all.append(Descriptor(code: "%U", name: "user", header: "USER") { p, _ in p.userName(p.uids[safe: 1]) })
        all.append(Descriptor(name: "uid", header: "UID") { p, _ in p.uids[safe: 1].map(String.init) ?? "?" })
        all.append(Descriptor(code: "%a", name: "args", header: "COMMAND") { p, _ in p.arguments.isEmpty ? "[\(p.name)]" : p.arguments.joined(separator: " ") })
        all.append(Descriptor(code: "%c", name: "comm", header: "COMMAND") { p, _ in p.command })
        all.append(Descriptor(code: "%g", name: "rgroup", header: "RGROUP") { p, _ in p.groupName(p.gids.first) })
        all.append(Descriptor(code: "%n", name: "nice", header: "NI") { p, _ in p.nice })
        all.append(Descriptor(code: "%p", name: "pid", header: "PID") { p, _ in String(p.pid) })
        all.append(Descriptor(code: "%r", name: "pgid", header: "PGID") { p, _ in String(p.pgid) })
        all.append(Descriptor(code: "%t", name: "etime", header: "ELAPSED") { p, t in goDuration(t.elapsedNanoseconds(p)) })
        all.append(Descriptor(code: "%u", name: "ruser", header: "RUSER") { p, _ in p.userName(p.uids.first) })
        all.append(Descriptor(code: "%x", name: "time", header: "TIME") { p, t in goDuration(UInt64(t.cpuSeconds(p)) * 1_000_000_000) })
        all.append(Descriptor(code: "%y", name: "tty", header: "TTY") { p, _ in terminal(p.terminal) })
        all.append(Descriptor(code: "%z", name: "vsz", header: "VSZ") { p, _ in String(p.virtualBytes / 1024) })
        all.append(Descriptor(name: "capamb", header: "AMBIENT CAPS") { p, _ in capabilities(p.status["CapAmb"] ?? "") })
        all.append(Descriptor(name: "capinh", header: "INHERITED CAPS") { p, _ in capabilities(p.status["CapInh"] ?? "") })
        all.append(Descriptor(name: "capprm", header: "PERMITTED CAPS") { p, _ in capabilities(p.status["CapPrm"] ?? "") })
        all.append(Descriptor(name: "capeff", header: "EFFECTIVE CAPS") { p, _ in capabilities(p.status["CapEff"] ?? "") })
        all.append(Descriptor(name: "capbnd", header: "BOUNDING CAPS") { p, _ in capabilities(p.status["CapBnd"] ?? "") })
        all.append(Descriptor(name: "seccomp", header: "SECCOMP") { p, _ in
            switch p.status["Seccomp"] {
            case "0": "disabled"
            case "1": "strict"
            case "2": "filter"
            default: "?"
            }
        })
        all.append(Descriptor(name: "label", header: "LABEL") { p, _ in p.label })
        all.append(Descriptor(name: "hpid", header: "HPID") { p, _ in String(p.hostPID) })
        all.append(Descriptor(name: "huser", header: "HUSER") { p, _ in Process.hostUserName(p.hostUIDs[safe: 1]) })
        all.append(Descriptor(name: "huid", header: "HUID") { p, _ in p.hostUIDs[safe: 1].map(String.init) ?? "?" })
        all.append(Descriptor(name: "hgroup", header: "HGROUP") { p, _ in Process.hostGroupName(p.hostGIDs[safe: 1]) })
        all.append(Descriptor(name: "hgroups", header: "HGROUPS") { p, _ in p.hostGroups.map(String.init).joined(separator: ",") })
        all.append(Descriptor(name: "rss", header: "RSS") { p, _ in p.status["VmRSS"]?.split(separator: " ").first.map(String.init) ?? "0" })
        all.append(Descriptor(name: "state", header: "STATE") { p, _ in p.status["State"]?.split(separator: " ").first.map(String.init) ?? "?" })
        all.append(Descriptor(name: "stime", header: "STIME") { p, t in goTime(t.startTime(p)) })
        return all
    }()
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
