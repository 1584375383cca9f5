import Engine
import GoTemplate
import ArgumentParser
import CShim
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `berth logs`: a container's output from its k8s-file log or journald.
struct ContainerLogs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Fetch the logs of one or more containers")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Follow log output") var follow = false
    @Option(help: "Show logs since TIMESTAMP (RFC 3339, Unix seconds, or a duration like 10m)") var since: String?
    @Option(help: "Show logs until TIMESTAMP") var until: String?
    @Option(help: "Output the specified number of LINES at the end of the logs (-1 for all)") var tail: Int = -1
    @Flag(name: [.short, .long], help: "Output the timestamps in the log") var timestamps = false
    @Flag(name: [.short, .long], help: "Act on the latest container") package var latest = false
    @Flag(name: [.short, .long], help: ArgumentHelp(visibility: .hidden)) var names = false
    @Argument(help: "Containers") var containers: [String] = []

    struct Line {
        var time: String
        var seconds: Double
        var stderr: Bool
        var text: String
        var partial: Bool
    }

    func run() throws {
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        var targets = containers
        if latest, let last = try manager.loadAll().last { targets = [last.id] }
        if targets.isEmpty { throw EngineError.invalid("logs requires at least one container") }
        let sinceTime = try since.map(ContainerLogs.parseTime)
        let untilTime = try until.map(ContainerLogs.parseTime)
        for name in targets {
            let c = try manager.load(name)
            switch c.config.logDriver {
            case .journald: try journald(c, manager: manager, since: sinceTime, until: untilTime)
            case .k8sFile: try k8sFile(c, manager: manager, since: sinceTime, until: untilTime)
            default: throw EngineError.invalid("this container is using the \"\(c.config.logDriver.rawValue)\" log driver, cannot read logs: this container is not using a log driver that supports reading")
            }
        }
    }

    private func emit(_ lines: [Line]) {
        var out = ""
        var err = ""
        for line in lines {
            let text = (timestamps ? line.time + " " : "") + line.text + (line.partial ? "" : "\n")
            if line.stderr { err += text } else { out += text }
        }
        if !out.isEmpty { writeAll(1, out) }
        if !err.isEmpty { writeAll(2, err) }
    }

    private func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }

    private func running(_ c: Container, _ manager: ContainerManager) -> Bool {
        guard var current = try? manager.load(c.id) else { return false }
        _ = try? manager.syncExit(&current)
        return current.isRunning
    }

    private func k8sFile(_ c: Container, manager: ContainerManager, since: Double?, until: Double?) throws {
        let path = manager.logPath(c)
        var offset: off_t = 0
        var pending = Data()
        var first = true
        // -f wakes up on inotify events: the log growing (or being rotated)
        // and the exit file appearing; a 1 s timeout only re-checks the
        // monitor's liveness (a monitor killed with -9 writes no exit file).
        let watcher = follow ? LogWatcher(logPath: path, exitsDirectory: manager.exitsDirectory) : nil
        while true {
            var lines: [Line] = []
            let (data, size) = ContainerLogs.readFrom(path, offset: offset)
            if size < offset {
                // Truncated (--log-opt max-size): start over.
                offset = 0
                pending = Data()
                continue
            }
            if !data.isEmpty {
                pending.append(data)
                offset += off_t(data.count)
                while let nl = pending.firstIndex(of: 10) {
                    let record = pending[pending.startIndex..<nl]
                    pending = Data(pending[(nl + 1)...])
                    if let line = ContainerLogs.parseRecord(record) { lines.append(line) }
                }
            }
            lines = lines.filter { (since == nil || $0.seconds >= since!) && (until == nil || $0.seconds <= until!) }
            if first && tail >= 0 { lines = ContainerLogs.lastLines(lines, tail) }
            first = false
            emit(lines)
            if !follow || !running(c, manager) {
                // The last lines written before the exit: read them before returning.
                var st = stat()
                if follow, stat(path, &st) == 0, st.st_size > offset { continue }
                return
            }
            if let watcher { watcher.wait(seconds: 1) } else { usleep(100_000) }
        }
    }

    /// The bytes of `path` from `offset` on, and the file's size.
    static func readFrom(_ path: String, offset: off_t) -> (data: Data, size: off_t) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return (Data(), 0) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return (Data(), 0) }
        guard st.st_size > offset else { return (Data(), st.st_size) }
        var data = Data(count: Int(st.st_size - offset))
        let n = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, offset) }
        return (n > 0 ? data.prefix(n) : Data(), st.st_size)
    }

    private func journald(_ c: Container, manager: ContainerManager, since: Double?, until: Double?) throws {
        let reader = try JournalReader(containerID: c.id)
        var lines: [Line] = []
        reader.read(since: since, follow: false, keepGoing: { false }) { entry in
            lines.append(Line(time: Timestamp.rfc3339(entry.time), seconds: entry.time, stderr: entry.stderr, text: entry.message, partial: entry.partial))
        }
        lines = lines.filter { until == nil || $0.seconds <= until! }
        if tail >= 0 { lines = ContainerLogs.lastLines(lines, tail) }
        emit(lines)
        guard follow else { return }
        var last = lines.last?.seconds ?? since ?? 0
        let followReader = try JournalReader(containerID: c.id)
        followReader.read(since: last, follow: true, keepGoing: { running(c, manager) }) { entry in
            guard entry.time > last else { return }
            last = entry.time
            emit([Line(time: Timestamp.rfc3339(entry.time), seconds: entry.time, stderr: entry.stderr, text: entry.message, partial: entry.partial)])
        }
    }

    /// `TS stream F|P content` → a line.
    static func parseRecord(_ record: Data) -> Line? {
        guard let r = K8sFileRecord.split(record) else { return nil }
        let time = String(decoding: r.time, as: UTF8.self)
        return Line(time: time, seconds: Timestamp.parse(time) ?? 0, stderr: r.stderr,
                    text: String(decoding: r.content, as: UTF8.self), partial: r.partial)
    }

    /// The last `n` complete lines (partial records belong to the line they end in).
    static func lastLines(_ lines: [Line], _ n: Int) -> [Line] {
        var count = 0
        var start = lines.count
        while start > 0 {
            if !lines[start - 1].partial {
                if count == n { break }
                count += 1
            }
            start -= 1
        }
        return Array(lines[start...])
    }

    static func parseTime(_ text: String) throws -> Double {
        if let t = Timestamp.parse(text) { return t }
        if let n = Double(text) { return n }
        if let d = try? Durations.parse(text) { return Timestamp.now() - d }
        throw EngineError.invalid("invalid time \(text.debugDescription)")
    }
}
