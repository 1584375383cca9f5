#if canImport(Glibc)
import Glibc
#endif

/// A container's log as records, from its k8s-file log or journald,
/// streamed: `--tail` starts a file where its last lines begin (journald:
/// keeps only the lines it will print), `--follow` waits for more until the
/// container exits.
package struct ContainerLogReader {
    let manager: ContainerManager

    package init(manager: ContainerManager) {
        self.manager = manager
    }

    /// Passes each record to `emit`; `idle` runs whenever the reader has
    /// passed on all there is for now (before it waits, and at the end).
    package func read(_ c: Container, _ query: LogQuery, idle: () -> Void = {}, _ emit: (LogRecord) throws -> Void) throws {
        defer { idle() }
        switch c.config.logDriver {
        case .journald: try readJournal(c, query, idle, emit)
        case .k8sFile: try readFile(c, query, idle, emit)
        default:
            throw EngineError.invalid("this container is using the \"\(c.config.logDriver)\" log driver, cannot read logs: this container is not using a log driver that supports reading")
        }
    }

    private func readFile(_ c: Container, _ query: LogQuery, _ idle: () -> Void, _ emit: (LogRecord) throws -> Void) throws {
        let log = K8sFileLog(path: manager.logPath(c))
        // -f wakes up on inotify events: the log growing (or being rotated)
        // and the exit file appearing; a 1 s timeout only re-checks the
        // monitor's liveness (a monitor killed with -9 writes no exit file).
        let watcher = query.follow ? LogWatcher(logPath: log.path, exitsDirectory: manager.exitsDirectory) : nil
        if let lines = query.tail { log.seek(to: try log.tailStart(lines: lines, admits: query.admits)) }
        while true {
            try log.readAvailable { record in
                if query.admits(record) { try emit(record) }
            }
            if !query.follow || !running(c) {
                // The last lines written before the exit: read them before returning.
                if query.follow && log.hasUnread { continue }
                return
            }
            idle()
            if let watcher { watcher.wait(seconds: 1) } else { usleep(100_000) }
        }
    }

    private func readJournal(_ c: Container, _ query: LogQuery, _ idle: () -> Void, _ emit: (LogRecord) throws -> Void) throws {
        let reader = try JournalReader(containerID: c.id)
        var tail = query.tail.map(LogTail.init(lines:))
        var last = query.since ?? 0
        try reader.read(since: query.since, follow: false, keepGoing: { false }) { record in
            last = max(last, record.seconds)
            guard query.admits(record) else { return }
            if tail != nil { tail!.append(record) } else { try emit(record) }
        }
        try tail?.forEach(emit)
        guard query.follow else { return }
        let followReader = try JournalReader(containerID: c.id)
        idle()
        try followReader.read(since: last, follow: true, keepGoing: { idle(); return running(c) }) { record in
            guard record.seconds > last else { return }
            last = record.seconds
            try emit(record)
        }
    }

    private func running(_ c: Container) -> Bool {
        guard var current = try? manager.load(c.id) else { return false }
        _ = try? manager.syncExit(&current)
        return current.isRunning
    }
}
