#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The event log: Podman's file backend, one JSON line per event in
/// `<runroot>/events/events.log`, appended by every short-lived `berth`
/// process (one `write` per line under `O_APPEND`, so concurrent writers
/// never interleave) and read by `berth events`.
package struct EventLog: Sendable {
    package let path: String
    /// The run root, which tells this store's journal entries from others'.
    let store: String
    let backend: @Sendable () throws -> EventsBackend

    package init(path: String, store: String = "", backend: @escaping @Sendable () throws -> EventsBackend = { .file }) {
        self.path = path
        self.store = store
        self.backend = backend
    }

    /// Appends `event`. An event that cannot be written is reported and
    /// does not fail the operation it describes (as in Podman).
    package func write(_ event: EngineEvent) {
        do {
            switch try backend() {
            case .none: return
            case .journald: return try JournalEvents.send(event, store: store)
            case .file: break
            }
            let line = Array((try event.jsonLine() + "\n").utf8)
            let directory = (path as NSString).deletingLastPathComponent
            if !FileSystem.isDirectory(directory) { try FileSystem.makeDirectories(directory, mode: 0o700) }
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw EngineError.system("open \(path)", errno) }
            defer { close(fd) }
            let written = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written == line.count else { throw EngineError.system("write \(path)", errno) }
        } catch {
            EngineLog.warn("unable to write \(event.kind.rawValue) event \(event.Status.debugDescription): \(error)")
        }
    }

    /// A container event, with its image and name (and labels as attributes, as Podman adds them).
    package func container(_ status: String, _ c: Container, exitCode: Int32? = nil) {
        var attributes = c.config.labels
        attributes["image"] = c.config.imageName
        attributes["name"] = c.name
        write(EngineEvent(.container, status, id: c.id, name: c.name, image: c.config.imageName, exitCode: exitCode, attributes: attributes))
    }

    /// `container(status, c)` and returns `c`: a hook on a `return` line.
    package func noting(_ status: String, _ c: Container) -> Container {
        container(status, c)
        return c
    }

    package func volume(_ status: String, name: String) {
        write(EngineEvent(.volume, status, name: name))
    }

    /// A network's create and remove: its ID and, as `Network`, its name (Podman's fields).
    package func network(_ status: String, id: String, name: String) {
        write(EngineEvent(.network, status, id: id, network: name))
    }

    /// `network connect`/`disconnect`: the container's ID and name, and the network.
    package func network(_ status: String, _ c: Container, network: String) {
        write(EngineEvent(.network, status, id: c.id, name: c.name, network: network))
    }

    package func pod(_ status: String, id: String, name: String) {
        write(EngineEvent(.pod, status, id: id, name: name))
    }

    package func image(_ status: String, id: String, name: String) {
        write(EngineEvent(.image, status, id: id, name: name))
    }

    /// A start's `start` event; returns what it was given.
    package func noting(_ status: String, _ started: ContainerManager.Started) -> ContainerManager.Started {
        container(status, started.container)
        return started
    }

    /// `pull` of `name`, which became image `id`; returns `id`.
    package func pulled(_ id: String, name: String) -> String {
        image("pull", id: id, name: name)
        return id
    }

    /// `rmi`'s `untag` (per name) and `remove` events; returns `removal`.
    package func noting(_ removal: ImageRemoval, id: String) -> ImageRemoval {
        for name in removal.untagged { image("untag", id: removal.deleted ?? id, name: name) }
        if let deleted = removal.deleted { image("remove", id: deleted, name: removal.untagged.first ?? deleted) }
        return removal
    }

    /// Events from byte `offset` on, and the offset after the last whole line read.
    package func read(from offset: UInt64 = 0) throws -> (events: [EngineEvent], next: UInt64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return ([], offset) }
            throw EngineError.system("open \(path)", errno)
        }
        defer { close(fd) }
        guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else { throw EngineError.system("seek \(path)", errno) }
        let data = try FileSystem.readAll(fd, path: path)
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return ([], offset) }
        var events: [EngineEvent] = []
        let decoder = JSONDecoder()
        for line in data[..<lastNewline].split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            do {
                events.append(try decoder.decode(EngineEvent.self, from: Data(line)))
            } catch {
                throw EngineError(.corrupt, "\(path): unreadable event \(String(decoding: line, as: UTF8.self).debugDescription): \(error)")
            }
        }
        return (events, offset + UInt64(lastNewline - data.startIndex + 1))
    }
}

extension Store {
    /// This store's event log (in the run root, as Podman keeps it in its
    /// tmpdir), or its entries in the journal.
    package var events: EventLog {
        let requested = requestedEventsBackend
        return EventLog(path: runRoot + "/events/events.log", store: runRoot) { try requested ?? EventsBackend.configured() }
    }
}
