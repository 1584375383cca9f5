#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation

/// Writes a downloaded blob to a staging file while hashing it, and
/// refuses more bytes than the descriptor announced; `verify` then checks
/// the size and digest before anything keeps the file.
final class BlobWriter {
    let path: String
    let expected: Descriptor
    private let fd: Int32
    private var hasher = SHA256()
    private(set) var written: Int64 = 0
    /// Told the bytes written so far, for progress lines.
    private let moved: (@Sendable (Int64) -> Void)?

    init(path: String, expected: Descriptor, moved: (@Sendable (Int64) -> Void)? = nil) throws {
        self.path = path
        self.expected = expected
        self.moved = moved
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw EngineError.system("create \(path)", errno) }
    }

    deinit { close(fd) }

    /// Starts over (a retried download).
    func reset() throws {
        if ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0 { throw EngineError.system("truncate \(path)", errno) }
        hasher = SHA256()
        written = 0
    }

    /// False when the bytes go past the announced size or cannot be written.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard written + Int64(bytes.count) <= expected.size else { return false }
        do { try FileSystem.writeAll(fd, bytes, path: path) } catch { return false }
        hasher.update(bufferPointer: bytes)
        written += Int64(bytes.count)
        moved?(written)
        return true
    }

    var overflowed: Bool { written >= expected.size }

    func verify(what: String) throws {
        guard written == expected.size else {
            throw EngineError(.corrupt, "\(what): blob \(expected.digest): size mismatch: expected \(expected.size) bytes, got \(written)")
        }
        let digest = Digest(hasher: hasher)
        guard digest == expected.digest else {
            throw EngineError(.corrupt, "\(what): blob \(expected.digest): digest mismatch: got \(digest)")
        }
    }
}
