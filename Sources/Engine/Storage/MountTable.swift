#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What is mounted, from `/proc/self/mountinfo`.
enum MountTable {
    static func mountPoints() -> Set<String> {
        guard let data = try? FileSystem.readFile("/proc/self/mountinfo") else { return [] }
        var points = Set<String>()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard fields.count > 4 else { continue }
            points.insert(unescape(fields[4]))
        }
        return points
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
