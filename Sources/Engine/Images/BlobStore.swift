#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Content-addressed blobs: `blobs/sha256/<hex>`. A blob is written in a
/// staging directory first and renamed into place by the commit that
/// references it, so the directory never holds a half-written blob.
public struct BlobStore: Sendable {
    public let directory: String

    public func path(_ digest: Digest) -> String { directory + "/" + digest.hex }

    public func has(_ digest: Digest) -> Bool { FileSystem.exists(path(digest)) }

    public func read(_ digest: Digest) throws -> Data {
        do { return try FileSystem.readFile(path(digest)) } catch {
            throw EngineError(.corrupt, "blob \(digest) is missing from the store")
        }
    }

    /// Moves a staged file into place; a blob already present is kept.
    func commit(staged: String, as digest: Digest) throws {
        if has(digest) {
            unlink(staged)
            return
        }
        if rename(staged, path(digest)) != 0 { throw EngineError.system("store blob \(digest)", errno) }
    }

    func remove(_ digest: Digest) {
        unlink(path(digest))
    }
}
