#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What is mounted, from `/proc/self/mountinfo`.
enum MountTable {
    /// One mount: where it is, which directory of its file system it shows,
    /// the file system type and its (super block) options.
    struct Entry {
        var root: String
        var mountPoint: String
        var fsType: String
        var superOptions: String
    }

    static func entries() -> [Entry] {
        guard let data = try? FileSystem.readFile("/proc/self/mountinfo") else { return [] }
        var result: [Entry] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            // id parent dev root mountpoint options [optional...] - fstype source superoptions
            guard fields.count > 4, let dash = fields.firstIndex(where: { $0.elementsEqual([UInt8(ascii: "-")]) }),
                  dash + 3 < fields.count else { continue }
            result.append(Entry(root: unescape(fields[3]), mountPoint: unescape(fields[4]), fsType: unescape(fields[dash + 1]),
                                superOptions: unescape(fields[dash + 3])))
        }
        return result
    }

    static func mountPoints() -> Set<String> {
        Set(entries().map(\.mountPoint))
    }

    static func isMountPoint(_ path: String) -> Bool {
        mountPoints().contains(path)
    }

    /// mountinfo escapes space, tab, newline and backslash as `\ooo`.
    private static func unescape(_ field: Data.SubSequence) -> String {
        var bytes: [UInt8] = []
        var i = field.startIndex
        while i < field.endIndex {
            let c = field[i]
            if c == UInt8(ascii: "\\"), field.distance(from: i, to: field.endIndex) >= 4,
               let v = UInt8(String(decoding: field[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) {
                bytes.append(v)
                i += 4
            } else {
                bytes.append(c)
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unmount(_ path: String) throws {
        if umount2(path, Int32(MNT_DETACH)) != 0 && errno != EINVAL && errno != ENOENT {
            throw EngineError.system("cannot unmount \(path)", errno)
        }
    }
}
