#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// Berth's events in the journal, with the fields of Podman's journald
/// events backend (`PODMAN_EVENT`, `PODMAN_TYPE`, `PODMAN_TIME`,
/// `PODMAN_ID`, `PODMAN_NAME`, `PODMAN_IMAGE`, `PODMAN_EXIT_CODE`,
/// `PODMAN_LABELS`), under `SYSLOG_IDENTIFIER=berth` and marked with the
/// store's run root (`BERTH_STORE`), so each store reads back its own.
enum JournalEvents {
    static let identifier = "berth"

    static func send(_ event: EngineEvent, store: String) throws {
        var fields = ["MESSAGE=" + (event.ID ?? event.Name ?? event.Status), "PRIORITY=6", "SYSLOG_IDENTIFIER=" + identifier,
                      "PODMAN_EVENT=" + event.Status, "PODMAN_TYPE=" + event.kind.rawValue,
                      "PODMAN_TIME=" + Timestamp.rfc3339(event.time), "BERTH_STORE=" + store]
        if let id = event.ID, !id.isEmpty { fields.append("PODMAN_ID=" + id) }
        if let name = event.Name, !name.isEmpty { fields.append("PODMAN_NAME=" + name) }
        if let image = event.Image, !image.isEmpty { fields.append("PODMAN_IMAGE=" + image) }
        if let network = event.Network, !network.isEmpty { fields.append("PODMAN_NETWORK_NAME=" + network) }
        if let code = event.ContainerExitCode { fields.append("PODMAN_EXIT_CODE=\(code)") }
        if let attributes = event.Attributes, !attributes.isEmpty {
            let json = try JSONEncoder().encode(attributes)
            fields.append("PODMAN_LABELS=" + String(decoding: json, as: UTF8.self))
        }
        let buffers = fields.map { Array($0.utf8) }
        let rc = withPointers(buffers) { vectors in engine_sd_journal_sendv(vectors, Int32(buffers.count)) }
        if rc < 0 { throw EngineError.system("write the event to the journal", -rc) }
    }

    /// The event of the reader's current entry; nil for an entry without one.
    static func event(at reader: JournalReader) -> EngineEvent? {
        guard let status = reader.string("PODMAN_EVENT"),
              let kind = reader.string("PODMAN_TYPE").flatMap(EngineEvent.Kind.init(rawValue:)),
              let time = reader.string("PODMAN_TIME").flatMap(Timestamp.parse) else { return nil }
        let attributes = reader.string("PODMAN_LABELS").flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        return EngineEvent(kind, status, id: reader.string("PODMAN_ID"), name: reader.string("PODMAN_NAME"), image: reader.string("PODMAN_IMAGE"),
                           exitCode: reader.string("PODMAN_EXIT_CODE").flatMap { Int32($0) }, attributes: attributes,
                           network: reader.string("PODMAN_NETWORK_NAME"), time: time)
    }

    /// Calls `body` with one iovec per buffer.
    private static func withPointers<T>(_ buffers: [[UInt8]], _ body: (UnsafePointer<iovec>) -> T) -> T {
        let copies = buffers.map { bytes -> UnsafeMutableRawPointer in
            let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            return p
        }
        defer { copies.forEach { $0.deallocate() } }
        let vectors = zip(copies, buffers).map { iovec(iov_base: $0, iov_len: $1.count) }
        return vectors.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
