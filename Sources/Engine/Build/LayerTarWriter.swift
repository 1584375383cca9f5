#if canImport(Glibc)
import Glibc
#endif
import CShim
import Crypto
import Foundation

/// Writes an overlay upper directory as an OCI layer tar (ustar with PAX
/// records for long names and large sizes) to a file, hashing it as it
/// goes: overlay's whiteouts (0:0 character devices) become `.wh.NAME`
/// entries, an opaque directory gets `.wh..wh..opq`; hard links within the
/// layer stay links.
final class LayerTarWriter {
    private let fd: Int32
    private let path: String
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private(set) var total: Int64 = 0
    private(set) var contentSize: Int64 = 0
    private var links: [String: String] = [:]

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw EngineError.system("create \(path)", errno) }
        buffer.reserveCapacity(1 << 16)
    }

    deinit { close(fd) }

    /// Adds everything below `root` (not `root` itself), sorted by name.
    func addTree(_ root: String) throws {
        try addChildren(root, prefix: "")
    }

    private func addChildren(_ directory: String, prefix: String) throws {
        for name in FileSystem.list(directory).sorted() {
            let full = directory + "/" + name
            let relative = prefix + name
            var info = stat()
            guard lstat(full, &info) == 0 else { throw EngineError.system("lstat \(full)", errno) }
            let type = info.st_mode & S_IFMT
            if type == S_IFCHR && info.st_rdev == 0 {
                try addEntry(name: dirname(relative) + ".wh." + name, type: "0", info: info, size: 0, mode: 0, link: nil)
                continue
            }
            switch type {
            case S_IFDIR:
                try addEntry(name: relative + "/", type: "5", info: info, size: 0, mode: info.st_mode & 0o7777, link: nil)
                if LayerTarWriter.isOpaque(full) {
                    try addEntry(name: relative + "/.wh..wh..opq", type: "0", info: info, size: 0, mode: 0, link: nil)
                }
                try addChildren(full, prefix: relative + "/")
            case S_IFREG:
                if info.st_nlink > 1 {
                    let key = "\(info.st_dev):\(info.st_ino)"
                    if let first = links[key] {
                        try addEntry(name: relative, type: "1", info: info, size: 0, mode: info.st_mode & 0o7777, link: first)
                        continue
                    }
                    links[key] = relative
                }
                try addEntry(name: relative, type: "0", info: info, size: Int64(info.st_size), mode: info.st_mode & 0o7777, link: nil)
                try copyContent(full, size: Int64(info.st_size))
            case S_IFLNK:
                var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(full, &target, target.count - 1)
                guard n >= 0 else { throw EngineError.system("readlink \(full)", errno) }
                let link = String(decoding: target[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                try addEntry(name: relative, type: "2", info: info, size: 0, mode: info.st_mode & 0o7777, link: link)
            case S_IFCHR:
                try addEntry(name: relative, type: "3", info: info, size: 0, mode: info.st_mode & 0o7777, link: nil)
            case S_IFBLK:
                try addEntry(name: relative, type: "4", info: info, size: 0, mode: info.st_mode & 0o7777, link: nil)
            case S_IFIFO:
                try addEntry(name: relative, type: "6", info: info, size: 0, mode: info.st_mode & 0o7777, link: nil)
            default:
                continue // sockets do not go into layers
            }
        }
    }

    private func dirname(_ relative: String) -> String {
        guard let slash = relative.lastIndex(of: "/") else { return "" }
        return String(relative[...slash])
    }

    static func isOpaque(_ path: String) -> Bool {
        var value: [UInt8] = [0, 0]
        let n = lgetxattr(path, "trusted.overlay.opaque", &value, value.count)
        return n == 1 && value[0] == UInt8(ascii: "y")
    }

    private func addEntry(name: String, type: Character, info: stat, size: Int64, mode: mode_t, link: String?) throws {
        var pax: [(String, String)] = []
        if name.utf8.count > 100 { pax.append(("path", name)) }
        if let link, link.utf8.count > 100 { pax.append(("linkpath", link)) }
        if size > 0o77777777777 { pax.append(("size", String(size))) }
        if !pax.isEmpty {
            var body: [UInt8] = []
            for (key, value) in pax {
                let record = " \(key)=\(value)\n"
                let base = record.utf8.count
                var length = base + 1
                while length != base + String(length).count { length = base + String(length).count }
                body += Array((String(length) + record).utf8)
            }
            try write(header(name: "PaxHeaders/" + String(name.suffix(80)), type: "x", mode: 0o644, uid: 0, gid: 0,
                             size: Int64(body.count), mtime: Int64(info.st_mtim.tv_sec), link: nil, major: 0, minor: 0))
            try write(body)
            try pad(Int64(body.count))
        }
        let isDevice = type == "3" || type == "4"
        try write(header(name: name, type: type, mode: mode, uid: info.st_uid, gid: info.st_gid, size: size,
                         mtime: Int64(info.st_mtim.tv_sec), link: link,
                         major: isDevice ? UInt32(engine_major(UInt64(info.st_rdev))) : 0,
                         minor: isDevice ? UInt32(engine_minor(UInt64(info.st_rdev))) : 0))
    }

    private func header(name: String, type: Character, mode: mode_t, uid: uid_t, gid: gid_t, size: Int64, mtime: Int64,
                        link: String?, major: UInt32, minor: UInt32) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ s: String, _ offset: Int, _ length: Int) {
            let bytes = Array(s.utf8.prefix(length))
            for (i, b) in bytes.enumerated() { h[offset + i] = b }
        }
        func octal(_ value: Int64, _ offset: Int, _ length: Int) {
            let digits = String(value, radix: 8)
            let padded = String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits
            put(String(padded.suffix(length - 1)), offset, length - 1)
        }
        put(name, 0, 100)
        octal(Int64(mode), 100, 8)
        octal(Int64(uid), 108, 8)
        octal(Int64(gid), 116, 8)
        octal(min(size, 0o77777777777), 124, 12)
        octal(max(0, mtime), 136, 12)
        h[156] = UInt8(ascii: type.unicodeScalars.first!)
        if let link { put(link, 157, 100) }
        put("ustar", 257, 6)
        put("00", 263, 2)
        octal(Int64(major), 329, 8)
        octal(Int64(minor), 337, 8)
        for i in 148..<156 { h[i] = 0x20 }
        let sum = h.reduce(0) { $0 + Int64($1) }
        octal(sum, 148, 7)
        h[155] = 0x20
        return h
    }

    private func copyContent(_ path: String, size: Int64) throws {
        let input = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if input < 0 { throw EngineError.system("open \(path)", errno) }
        defer { close(input) }
        var remaining = size
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while remaining > 0 {
            let n = read(input, &chunk, min(chunk.count, Int(remaining)))
            if n < 0 { if errno == EINTR { continue }; throw EngineError.system("read \(path)", errno) }
            if n == 0 { throw EngineError(.system, "\(path) shrank while it was being added to a layer") }
            try write(chunk[0..<n])
            remaining -= Int64(n)
        }
        contentSize += size
        try pad(size)
    }

    private func pad(_ size: Int64) throws {
        let rest = Int(size % 512)
        if rest != 0 { try write([UInt8](repeating: 0, count: 512 - rest)) }
    }

    private func write<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        try buffer.withUnsafeBytes { try FileSystem.writeAll(fd, $0, path: path) }
        total += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the end-of-archive blocks; returns the layer's diff id.
    func finish() throws -> Digest {
        try write([UInt8](repeating: 0, count: 1024))
        try flush()
        return Digest(hasher: hasher)
    }
}
