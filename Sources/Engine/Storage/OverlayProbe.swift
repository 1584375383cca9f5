#if canImport(Glibc)
import Glibc
#endif

/// Whether an overlay filesystem can be mounted with its upper directory
/// under the store (it cannot on top of another overlay, or without root).
enum OverlayProbe {
    static func works(scratch: String) -> Bool {
        guard geteuid() == 0 else { return false }
        let base = scratch + "/overlay-probe-" + FileSystem.randomHex(6)
        defer { try? FileSystem.removeTree(base) }
        for dir in ["lower", "upper", "work", "merged"] {
            guard (try? FileSystem.makeDirectories(base + "/" + dir)) != nil else { return false }
        }
        // Locked like a staging directory, so a concurrent repair leaves it be.
        let lock = try? FileLock(path: base, directory: true)
        _ = try? lock?.tryLock()
        defer { lock?.unlock() }
        let options = "lowerdir=\(base)/lower,upperdir=\(base)/upper,workdir=\(base)/work"
        guard mount("overlay", base + "/merged", "overlay", 0, options) == 0 else { return false }
        umount2(base + "/merged", Int32(MNT_DETACH))
        return true
    }
}
