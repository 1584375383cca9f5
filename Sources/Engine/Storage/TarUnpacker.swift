#if canImport(Glibc)
import Glibc
#endif
import CShim
import Crypto
import Foundation

/// How whiteout entries (`.wh.name`, `.wh..wh..opq`) are applied.
enum WhiteoutMode: Sendable {
    /// Translated for overlayfs: a 0/0 character device, an opaque xattr.
    case overlay
    /// Applied directly: the named file is deleted (full-tree layers).
    case apply
    /// Not whiteouts at all: files of that name (`cp` into a container).
    case none
}

/// What one pass over a layer tar produced.
struct UnpackedLayer: Sendable {
    /// sha256 of the uncompressed tar stream: the layer's diff id.
    var diffID: Digest
    /// Bytes in the uncompressed tar.
    var tarSize: Int64
    /// Bytes in regular files.
    var contentSize: Int64
}

/// Reads a layer tar (plain, gzip, zstd, ... anything libarchive detects)
/// in one pass: decompresses it, copies the uncompressed bytes to a blob
/// file while hashing them, checks every entry, and unpacks it below a
/// directory. Entries that would leave the root (`..`, hard links outside)
/// are refused; symlinks are resolved inside the root (openat2
/// RESOLVE_IN_ROOT), so a link planted by the archive cannot redirect a
/// later write outside it.
final class TarUnpacker {
    private let destination: String
    private let whiteouts: WhiteoutMode
    private let isRoot = geteuid() == 0
    private var rootfd: Int32 = -1
    private var written = Set<String>()
    private var deferredDirectories: [(path: String, mode: mode_t, times: [timespec])] = []
    private var contentSize: Int64 = 0
    /// An open root to unpack below (instead of opening `destination`),
    /// and the directory below it that the entries land in.
    private var givenRoot: Int32 = -1
    private var prefix: [String] = []
    /// Owner of everything unpacked, instead of the archive's.
    private var owner: (uid: uid_t, gid: gid_t)?
    /// A new name for the entries' first component (`cp FILE CTR:/new-name`).
    var renameTop: (from: String, to: String)?

    init(destination: String, whiteouts: WhiteoutMode) {
        self.destination = destination
        self.whiteouts = whiteouts
    }

    /// Unpacks into the directory `under` (components) of the tree whose
    /// root is `root` (an open directory, e.g. a container's root): every
    /// path, and every symlink met on the way, resolves inside that root.
    /// `destination` only names it in messages.
    init(root: Int32, under prefix: [String], destination: String, whiteouts: WhiteoutMode, owner: (uid: uid_t, gid: gid_t)?) {
        self.destination = destination
        self.whiteouts = whiteouts
        givenRoot = root
        self.prefix = prefix
        self.owner = owner
    }

    /// Unpacks the stream on `input`; writes the uncompressed tar to
    /// `blobPath` if given.
    func unpack(input: Int32, blobPath: String?, what: String) throws -> UnpackedLayer {
        rootfd = givenRoot >= 0 ? fcntl(givenRoot, F_DUPFD_CLOEXEC, 0) : open(destination, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if rootfd < 0 { throw EngineError.system("open \(destination)", errno) }
        defer { close(rootfd) }

        let tee = try TeeReader(input: input, blobPath: blobPath, what: what)
        defer { tee.close() }
        guard let inner = engine_archive_read_new() else { throw EngineError(.system, "libarchive: out of memory") }
        defer { engine_archive_read_free(inner) }
        engine_archive_read_support_format_tar(inner)
        let context = Unmanaged.passUnretained(tee).toOpaque()
        if engine_archive_read_open(inner, context, nil, teeReadCallback, nil) != ENGINE_ARCHIVE_OK {
            throw tee.failure ?? EngineError(.corrupt, "\(what): not a tar archive: \(archiveError(inner))")
        }
        var entry: OpaquePointer?
        while true {
            let status = engine_archive_read_next_header(inner, &entry)
            if status == ENGINE_ARCHIVE_EOF { break }
            if status < ENGINE_ARCHIVE_WARN || entry == nil {
                throw tee.failure ?? EngineError(.corrupt, "\(what): \(archiveError(inner))")
            }
            try apply(entry!, archive: inner, tee: tee, what: what)
        }
        try tee.drain()
        try finishDirectories()
        let digest = tee.finish()
        return UnpackedLayer(diffID: digest, tarSize: tee.total, contentSize: contentSize)
    }

    // MARK: entries

    private func apply(_ entry: OpaquePointer, archive: OpaquePointer, tee: TeeReader, what: String) throws {
        let rawName = engine_archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        var components = try TarUnpacker.components(of: rawName, what: what)
        if givenRoot >= 0 {
            // The archive's own root entry leaves the existing directory as it is.
            if components.isEmpty { return }
            if let renameTop, components[0] == renameTop.from { components[0] = renameTop.to }
            components = prefix + components
        }
        let type = engine_archive_entry_filetype(entry) & 0o170000
        let hardlink = engine_archive_entry_hardlink(entry).map { String(cString: $0) }
        var hardlinkTarget: [String]?
        if let hardlink {
            if hardlink.hasPrefix("/") {
                throw EngineError(.invalidArgument, "\(what): hard link \(rawName.debugDescription) points outside the root (\(hardlink.debugDescription))")
            }
            var target = try TarUnpacker.components(of: hardlink, what: what)
            if let renameTop, target.first == renameTop.from { target[0] = renameTop.to }
            hardlinkTarget = prefix + target
            if hardlinkTarget!.count == prefix.count { throw EngineError(.invalidArgument, "\(what): hard link \(rawName.debugDescription) has no target") }
        }

        if components.isEmpty {
            if type == 0o040000 { deferDirectory("", entry) ; try setOwner(rootfd, entry, path: destination) }
            return
        }
        let name = components.last!
        let parentPath = components.dropLast().joined(separator: "/")
        let parentfd = try openDirectory(components.dropLast())
        defer { if parentfd != rootfd { close(parentfd) } }
        let fullPath = components.joined(separator: "/")

        if name.hasPrefix(".wh."), whiteouts != .none {
            try applyWhiteout(name: name, parentfd: parentfd, parentPath: parentPath, entry: entry)
            return
        }
        written.insert(fullPath)

        var existing = stat()
        let exists = fstatat(parentfd, name, &existing, AT_SYMLINK_NOFOLLOW) == 0
        if exists && !(type == 0o040000 && (existing.st_mode & S_IFMT) == S_IFDIR) {
            try FileSystem.removeEntry(at: parentfd, name: name, path: destination + "/" + fullPath)
        }

        if let target = hardlinkTarget {
            let targetParent = try openDirectory(target.dropLast())
            defer { if targetParent != rootfd { close(targetParent) } }
            if linkat(targetParent, target.last!, parentfd, name, 0) != 0 {
                throw EngineError(.corrupt, "\(what): hard link \(fullPath) to \(hardlink!): \(String(cString: strerror(errno)))")
            }
            return
        }

        switch type {
        case 0o100000:
            try writeFile(entry, archive: archive, parentfd: parentfd, name: name, path: fullPath, tee: tee, what: what)
        case 0o040000:
            if !exists && mkdirat(parentfd, name, 0o700) != 0 {
                throw EngineError.system("mkdir \(fullPath)", errno)
            }
            let fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 { throw EngineError.system("open \(fullPath)", errno) }
            defer { close(fd) }
            try setOwner(fd, entry, path: fullPath)
            setXattrs(fd, entry)
            deferDirectory(fullPath, entry)
        case 0o120000:
            let target = engine_archive_entry_symlink(entry).map { String(cString: $0) } ?? ""
            if symlinkat(target, parentfd, name) != 0 { throw EngineError.system("symlink \(fullPath)", errno) }
            if isRoot { fchownat(parentfd, name, owner?.uid ?? engine_archive_entry_uid(entry).asUID, owner?.gid ?? engine_archive_entry_gid(entry).asUID, AT_SYMLINK_NOFOLLOW) }
            utimensat(parentfd, name, TarUnpacker.times(entry), AT_SYMLINK_NOFOLLOW)
        case 0o020000, 0o060000, 0o010000:
            let dev = engine_makedev(UInt32(engine_archive_entry_rdevmajor(entry)), UInt32(engine_archive_entry_rdevminor(entry)))
            let mode = mode_t(type) | (engine_archive_entry_perm(entry) & 0o7777)
            if mknodat(parentfd, name, mode, dev_t(dev)) != 0 {
                if !isRoot && type != 0o010000 { return }
                throw EngineError.system("mknod \(fullPath)", errno)
            }
            if isRoot { fchownat(parentfd, name, engine_archive_entry_uid(entry).asUID, engine_archive_entry_gid(entry).asUID, AT_SYMLINK_NOFOLLOW) }
            utimensat(parentfd, name, TarUnpacker.times(entry), AT_SYMLINK_NOFOLLOW)
        default:
            break
        }
    }

    private func writeFile(_ entry: OpaquePointer, archive: OpaquePointer, parentfd: Int32, name: String, path: String, tee: TeeReader, what: String) throws {
        let fd = openat(parentfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 { throw EngineError.system("create \(path)", errno) }
        defer { close(fd) }
        var block: UnsafeRawPointer?
        var size = 0
        var offset: Int64 = 0
        while true {
            let status = engine_archive_read_data_block(archive, &block, &size, &offset)
            if status == ENGINE_ARCHIVE_EOF { break }
            if status < ENGINE_ARCHIVE_WARN {
                throw tee.failure ?? EngineError(.corrupt, "\(what): \(path): \(archiveError(archive))")
            }
            var done = 0
            while done < size {
                let n = pwrite(fd, block! + done, size - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw EngineError.system("write \(path)", errno)
                }
                done += n
            }
        }
        let expected = engine_archive_entry_size(entry)
        if expected > 0 { ftruncate(fd, off_t(expected)) }
        contentSize += Int64(max(expected, 0))
        try setOwner(fd, entry, path: path)
        fchmod(fd, engine_archive_entry_perm(entry) & 0o7777)
        setXattrs(fd, entry)
        futimens(fd, TarUnpacker.times(entry))
    }

    private func applyWhiteout(name: String, parentfd: Int32, parentPath: String, entry: OpaquePointer) throws {
        let prefix = parentPath.isEmpty ? "" : parentPath + "/"
        if name == ".wh..wh..opq" {
            switch whiteouts {
            case .overlay:
                if fsetxattr(parentfd, "trusted.overlay.opaque", "y", 1, 0) != 0 {
                    throw EngineError.system("mark \(parentPath) opaque", errno)
                }
            case .none:
                break
            case .apply:
                try FileSystem.removeContents(parentfd, path: destination + "/" + parentPath) { child in
                    self.written.contains(prefix + child)
                }
            }
            return
        }
        if name.hasPrefix(".wh..wh.") { return }
        let hidden = String(name.dropFirst(4))
        guard !hidden.isEmpty, hidden != ".", hidden != ".." else { return }
        try FileSystem.removeEntry(at: parentfd, name: hidden, path: destination + "/" + prefix + hidden)
        written.remove(prefix + hidden)
        if whiteouts == .overlay {
            if mknodat(parentfd, hidden, S_IFCHR, dev_t(engine_makedev(0, 0))) != 0 {
                throw EngineError.system("create whiteout \(prefix + hidden)", errno)
            }
            if isRoot { fchownat(parentfd, hidden, engine_archive_entry_uid(entry).asUID, engine_archive_entry_gid(entry).asUID, AT_SYMLINK_NOFOLLOW) }
        }
    }

    // MARK: helpers

    /// Splits an entry name into components; `..` anywhere is refused, a
    /// leading `/` or `./` is dropped, as tar does.
    static func components(of name: String, what: String) throws -> [String] {
        var parts: [String] = []
        for part in name.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                throw EngineError(.invalidArgument, "\(what): entry \(name.debugDescription) escapes the root")
            }
            parts.append(String(part))
        }
        return parts
    }

    /// Opens the directory at `components` below the root, resolving
    /// symlinks inside the root and creating missing directories.
    private func openDirectory<C: Collection>(_ components: C) throws -> Int32 where C.Element == String {
        if components.isEmpty { return rootfd }
        let path = components.joined(separator: "/")
        let fd = engine_open_in_root(rootfd, path, O_RDONLY | O_DIRECTORY, 0)
        if fd >= 0 { return fd }
        guard errno == ENOENT else { throw EngineError.system("open \(path) in \(destination)", errno) }
        var current = rootfd
        var walked: [String] = []
        for component in components {
            walked.append(component)
            if mkdirat(current, component, 0o755) != 0 && errno != EEXIST {
                throw EngineError.system("mkdir \(walked.joined(separator: "/"))", errno)
            }
            let next = engine_open_in_root(rootfd, walked.joined(separator: "/"), O_RDONLY | O_DIRECTORY, 0)
            if current != rootfd { close(current) }
            if next < 0 { throw EngineError.system("open \(walked.joined(separator: "/"))", errno) }
            current = next
        }
        return current
    }

    private func setOwner(_ fd: Int32, _ entry: OpaquePointer, path: String) throws {
        guard isRoot else { return }
        if fchown(fd, owner?.uid ?? engine_archive_entry_uid(entry).asUID, owner?.gid ?? engine_archive_entry_gid(entry).asUID) != 0 {
            throw EngineError.system("chown \(path)", errno)
        }
    }

    private func setXattrs(_ fd: Int32, _ entry: OpaquePointer) {
        guard engine_archive_entry_xattr_reset(entry) > 0 else { return }
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while engine_archive_entry_xattr_next(entry, &name, &value, &size) == ENGINE_ARCHIVE_OK {
            guard let name else { continue }
            _ = fsetxattr(fd, name, value, size, 0)
        }
    }

    private func deferDirectory(_ path: String, _ entry: OpaquePointer) {
        deferredDirectories.append((path, engine_archive_entry_perm(entry) & 0o7777, TarUnpacker.times(entry)))
    }

    /// Directory modes and times are set last, deepest first, so writing
    /// their contents neither fails (read-only dirs) nor bumps their mtime.
    private func finishDirectories() throws {
        for dir in deferredDirectories.reversed() {
            let fd = dir.path.isEmpty ? dup(rootfd) : engine_open_in_root(rootfd, dir.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0)
            guard fd >= 0 else { continue }
            fchmod(fd, dir.mode)
            futimens(fd, dir.times)
            close(fd)
        }
    }

    /// atime and mtime, in the order utimensat(2) wants them.
    private static func times(_ entry: OpaquePointer) -> [timespec] {
        let mtime = timespec(tv_sec: engine_archive_entry_mtime(entry), tv_nsec: engine_archive_entry_mtime_nsec(entry))
        let atime = engine_archive_entry_atime_is_set(entry) != 0
            ? timespec(tv_sec: engine_archive_entry_atime(entry), tv_nsec: engine_archive_entry_atime_nsec(entry))
            : mtime
        return [atime, mtime]
    }
}

private extension Int64 {
    var asUID: uid_t { uid_t(truncatingIfNeeded: self) }
}

func archiveError(_ archive: OpaquePointer) -> String {
    engine_archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
}

/// The decompressing front end: reads the raw input through libarchive's
/// filters and hands the uncompressed bytes to the tar reader, hashing them
/// and copying them to the blob file on the way.
final class TeeReader {
    let outer: OpaquePointer
    let buffer: UnsafeMutableRawPointer
    let bufferSize = 1 << 17
    var hasher = SHA256()
    var blobfd: Int32 = -1
    var total: Int64 = 0
    var failure: EngineError?
    var atEnd = false
    let what: String
    let blobPath: String?

    init(input: Int32, blobPath: String?, what: String) throws {
        self.what = what
        self.blobPath = blobPath
        guard let outer = engine_archive_read_new() else { throw EngineError(.system, "libarchive: out of memory") }
        self.outer = outer
        buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 16)
        engine_archive_read_support_filter_all(outer)
        engine_archive_read_support_format_raw(outer)
        engine_archive_read_support_format_empty(outer)
        if engine_archive_read_open_fd(outer, input, 1 << 17) != ENGINE_ARCHIVE_OK {
            let message = archiveError(outer)
            engine_archive_read_free(outer)
            buffer.deallocate()
            throw EngineError(.corrupt, "\(what): \(message)")
        }
        var entry: OpaquePointer?
        let status = engine_archive_read_next_header(outer, &entry)
        if status == ENGINE_ARCHIVE_EOF {
            atEnd = true
        } else if status < ENGINE_ARCHIVE_WARN {
            let message = archiveError(outer)
            engine_archive_read_free(outer)
            buffer.deallocate()
            throw EngineError(.corrupt, "\(what): \(message)")
        }
        if let blobPath {
            blobfd = open(blobPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if blobfd < 0 {
                let e = errno
                engine_archive_read_free(outer)
                buffer.deallocate()
                throw EngineError.system("create \(blobPath)", e)
            }
        }
    }

    /// The next chunk of uncompressed bytes; 0 at the end, -1 on error.
    func pump() -> Int {
        if atEnd || failure != nil { return failure == nil ? 0 : -1 }
        let n = engine_archive_read_data(outer, buffer, bufferSize)
        if n < 0 {
            failure = EngineError(.corrupt, "\(what): \(archiveError(outer))")
            return -1
        }
        if n == 0 { atEnd = true; return 0 }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: n))
        total += Int64(n)
        if blobfd >= 0 {
            do { try FileSystem.writeAll(blobfd, UnsafeRawBufferPointer(start: buffer, count: n), path: blobPath ?? "") } catch {
                failure = error as? EngineError ?? EngineError(.system, "\(error)")
                return -1
            }
        }
        return n
    }

    /// Reads whatever follows the tar end marker, so the digest covers the
    /// whole stream.
    func drain() throws {
        while pump() > 0 {}
        if let failure { throw failure }
    }

    func finish() -> Digest { Digest(hasher: hasher) }

    func close() {
        if blobfd >= 0 { Glibc.close(blobfd); blobfd = -1 }
        engine_archive_read_free(outer)
        buffer.deallocate()
    }
}

private let teeReadCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int = { _, client, out in
    let tee = Unmanaged<TeeReader>.fromOpaque(client!).takeUnretainedValue()
    let n = tee.pump()
    out?.pointee = UnsafeRawPointer(tee.buffer)
    return Int(n)
}
