#if canImport(Glibc)
import Glibc
#endif
import CShim
import Crypto
import Foundation

/// `push --compression-format`: the store keeps layers as plain tar, so a
/// push compresses each one (libarchive's gzip or zstd filter) into a
/// staging file first; the manifest then names the compressed blobs.
public enum LayerCompression: String, Sendable, CaseIterable {
    case gzip
    case zstd

    public init(parsing value: String) throws {
        guard let known = LayerCompression(rawValue: value) else {
            throw EngineError.invalid("unsupported compression format \(value.debugDescription): use gzip or zstd")
        }
        self = known
    }

    var ociMediaType: String { MediaType.ociLayer + "+" + rawValue }

    /// Writes `source` compressed to `destination`; its descriptor.
    func compress(_ source: String, to destination: String) throws -> Descriptor {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw EngineError(.corrupt, "blob \(source) is missing from the store") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if output < 0 { throw EngineError.system("cannot create \(destination)", errno) }
        defer { close(output) }
        guard let archive = engine_archive_write_new() else {
            throw EngineError(.system, "libarchive: \(String(cString: engine_archive_load_error()))")
        }
        var closed = false
        defer { if !closed { engine_archive_write_free(archive) } }
        func failed(_ stage: String) -> EngineError {
            EngineError(.system, "compressing layer \(source) with \(rawValue) (\(stage)): \(archiveError(archive))")
        }
        let filter = self == .gzip ? engine_archive_write_add_filter_gzip(archive) : engine_archive_write_add_filter_zstd(archive)
        guard filter == ENGINE_ARCHIVE_OK, engine_archive_write_set_format_raw(archive) == ENGINE_ARCHIVE_OK else { throw failed("filter") }
        engine_archive_write_set_bytes_in_last_block(archive, 1)
        guard engine_archive_write_open_fd(archive, output) == ENGINE_ARCHIVE_OK else { throw failed("open") }
        guard let entry = engine_archive_entry_new() else { throw EngineError(.system, "libarchive: out of memory") }
        defer { engine_archive_entry_free(entry) }
        engine_archive_entry_set_pathname(entry, "layer.tar")
        engine_archive_entry_set_filetype(entry, 0o100000)
        guard engine_archive_write_header(archive, entry) == ENGINE_ARCHIVE_OK else { throw failed("header") }
        let chunk = 1 << 17
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(input, buffer, chunk)
            if n < 0 { if errno == EINTR { continue }; throw EngineError.system("read \(source)", errno) }
            if n == 0 { break }
            if engine_archive_write_data(archive, buffer, n) < 0 { throw failed("write") }
        }
        closed = true
        let status = engine_archive_write_close(archive)
        engine_archive_write_free(archive)
        guard status == ENGINE_ARCHIVE_OK else { throw EngineError(.system, "compressing layer \(source) with \(rawValue): cannot finish") }
        return Descriptor(mediaType: ociMediaType, digest: try Self.digest(ofFile: destination), size: try Self.size(destination))
    }

    static func size(_ path: String) throws -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw EngineError.system("stat \(path)", errno) }
        return Int64(st.st_size)
    }

    static func digest(ofFile path: String) throws -> Digest {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw EngineError.system("open \(path)", errno) }
        defer { close(fd) }
        var hasher = SHA256()
        let chunk = 1 << 17
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, chunk)
            if n < 0 { if errno == EINTR { continue }; throw EngineError.system("read \(path)", errno) }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: n))
        }
        return Digest(hasher: hasher)
    }
}
