#if canImport(Glibc)
import Glibc
#endif
import CShim
import Crypto
import Foundation

extension ImageBuilder {
    /// A COPY/ADD source, found: where it is on the host and its name.
    struct Source {
        /// Path relative to the source root (the context, or a stage's root).
        var relative: String
        var host: String
        /// Inline content from a heredoc.
        var inline: String?
    }

    /// The sources of a COPY/ADD (wildcards expanded), the destination as
    /// written, and the root they come from (the context, or a mounted
    /// stage or image for --from).
    struct CopyPlan {
        var sources: [Source]
        var destination: String
        var view: WorkingContainer?
        /// The context's ignore file (none for a --from root).
        var ignore: BuildIgnore
    }

    /// The context's ignore file, read once per build.
    func contextIgnore() throws -> BuildIgnore {
        if let loaded = loadedIgnore { return loaded }
        let ignore = try BuildIgnore.load(context: options.context, explicit: options.ignoreFile)
        loadedIgnore = ignore
        return ignore
    }

    func copyPlan(_ instruction: Containerfile.Instruction) throws -> CopyPlan {
        let w = words
        var list = try instruction.jsonArguments.map { try $0.map { try w.expandOnly($0) } } ?? w.processAll(instruction.arguments)
        guard list.count >= 2 else {
            throw EngineError.invalid("\(instruction.keyword) requires at least two arguments, but only \(list.count) provided")
        }
        let destination = list.removeLast()
        var root = options.context
        var view: WorkingContainer?
        if let from = instruction.flag("from") {
            let base = try sourceState(try w.process(from))
            view = try WorkingContainer(staging: staging, lowers: try base.lowers(store))
            root = view!.merged
        }
        let ignore = view == nil ? try contextIgnore() : .empty
        var sources: [Source] = []
        for pattern in list {
            if pattern.hasPrefix("<<"), let doc = instruction.heredocs.first(where: { pattern.hasSuffix($0.delimiter) || pattern.hasSuffix($0.delimiter + "\"") || pattern.hasSuffix($0.delimiter + "'") }) {
                let content = doc.quoted ? doc.content : try w.expandOnly(doc.content)
                sources.append(Source(relative: doc.delimiter, host: "", inline: content))
                continue
            }
            if pattern.hasPrefix("http://") || pattern.hasPrefix("https://") || pattern.hasPrefix("git@") {
                throw EngineError.invalid("\(instruction.keyword) of a URL (\(pattern)) is not supported yet: download it into the context and COPY it")
            }
            let found = try match(pattern, in: root, ignore: ignore)
            if found.isEmpty {
                let cleaned = ImageBuilder.clean("/" + pattern)
                if view == nil, !ignore.isEmpty, FileSystem.exists(root + cleaned) {
                    throw EngineError.notFound("\(instruction.keyword) source \(pattern.debugDescription) is excluded by the ignore file (.containerignore/.dockerignore) of \(root)")
                }
                throw EngineError.notFound("\(instruction.keyword) source \(pattern.debugDescription): no such file or directory in \(view == nil ? "the build context " + root : "the --from root")")
            }
            sources += found
        }
        return CopyPlan(sources: sources, destination: destination, view: view, ignore: ignore)
    }

    /// Paths under `root` matching `pattern` (`*`, `?`, `[...]` per component).
    private func match(_ pattern: String, in root: String, ignore: BuildIgnore) throws -> [Source] {
        let parts = ImageBuilder.clean("/" + pattern).split(separator: "/").map(String.init)
        var current: [String] = [""]
        for part in parts {
            var next: [String] = []
            let hasWildcard = part.contains(where: { "*?[".contains($0) })
            for prefix in current {
                if hasWildcard {
                    for name in FileSystem.list(root + prefix).sorted() where fnmatch(part, name, FNM_PERIOD) == 0 {
                        next.append(prefix + "/" + name)
                    }
                } else {
                    next.append(prefix + "/" + part)
                }
            }
            current = next
        }
        return current.compactMap { relative in
            let name = String(relative.dropFirst())
            guard case .success(let host) = PathInRoot.resolve(relative, in: root) else { return nil }
            if !name.isEmpty && ignore.excludes(name) { return nil }
            var info = stat()
            guard lstat(host, &info) == 0 else { return nil }
            return Source(relative: name, host: host, inline: nil)
        }
    }

    /// A stage (by name or index) or an image, for --from.
    func sourceState(_ reference: String) throws -> BuildState {
        if let index = Int(reference), index >= 0, index < stage.index, let done = finished[index] { return done }
        if let named = stages[..<stage.index].first(where: { $0.name == reference.lowercased() }), let done = finished[named.index] { return done }
        let image = try resolveImage(reference)
        return BuildState(config: try image.decodedConfig(), configData: image.record.config, storedTop: image.record.topLayer)
    }

    /// The digest of a COPY/ADD's sources (names, modes, content): the cache input.
    func sourceDigest(_ instruction: Containerfile.Instruction) throws -> String {
        let plan = try copyPlan(instruction)
        defer { plan.view?.unmount() }
        var hasher = SHA256()
        for source in plan.sources {
            if let inline = source.inline {
                hasher.update(data: Data(("inline " + source.relative + "\n" + inline).utf8))
                continue
            }
            try hashTree(source.host, relative: source.relative, ignore: plan.ignore, into: &hasher)
        }
        return Digest(hasher: hasher).hex
    }

    private func hashTree(_ host: String, relative: String, ignore: BuildIgnore, into hasher: inout SHA256) throws {
        var info = stat()
        guard lstat(host, &info) == 0 else { throw EngineError.system("lstat \(host)", errno) }
        let type = info.st_mode & S_IFMT
        hasher.update(data: Data("\(relative)\0\(info.st_mode)\0".utf8))
        switch type {
        case S_IFREG:
            let fd = open(host, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { throw EngineError.system("open \(host)", errno) }
            defer { close(fd) }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = read(fd, &chunk, chunk.count)
                if n < 0 { if errno == EINTR { continue }; throw EngineError.system("read \(host)", errno) }
                if n == 0 { break }
                hasher.update(data: chunk[0..<n])
            }
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(host, &buffer, buffer.count - 1)
            if n > 0 { hasher.update(data: buffer[0..<n].map { UInt8(bitPattern: $0) }) }
        case S_IFDIR:
            for name in FileSystem.list(host).sorted() {
                let child = relative.isEmpty ? name : relative + "/" + name
                if ignore.excludes(child) { continue }
                try hashTree(host + "/" + name, relative: child, ignore: ignore, into: &hasher)
            }
        default:
            break
        }
    }

    /// COPY and ADD into the working container. Returns the history's `created_by`.
    func copy(_ instruction: Containerfile.Instruction, in container: WorkingContainer) throws -> String {
        let plan = try copyPlan(instruction)
        defer { plan.view?.unmount() }
        let isAdd = instruction.keyword == "ADD"
        let workdir = state.containerConfig.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        var destination = plan.destination.hasPrefix("/") ? plan.destination : workdir + "/" + plan.destination
        let existingDirectory = PathInRoot.isDirectory(destination, in: container.merged)
        let destIsDirectory = plan.destination.hasSuffix("/") || plan.destination == "." || plan.sources.count > 1 || existingDirectory
        destination = ImageBuilder.clean(destination)

        var owner: (uid_t, gid_t)?
        if let chown = instruction.flag("chown") {
            owner = try ImageBuilder.resolveOwner(try words.process(chown), rootfs: container.merged)
        }
        var mode: mode_t?
        if let chmod = instruction.flag("chmod") {
            guard let value = mode_t(chmod, radix: 8), value <= 0o7777 else {
                throw EngineError.invalid("invalid --chmod \(chmod.debugDescription): an octal mode is expected")
            }
            mode = value
        }
        let copier = TreeCopier(owner: owner ?? (0, 0), mode: mode, ignore: plan.ignore, root: container.merged)

        var hasher = SHA256()
        var anyDirectory = false
        for source in plan.sources {
            if let inline = source.inline {
                hasher.update(data: Data(inline.utf8))
                let target = destIsDirectory ? destination + "/" + source.relative : destination
                let parent = try PathInRoot.makeDirectories((target as NSString).deletingLastPathComponent, in: container.merged, mode: 0o755)
                try copier.writeFile(parent + "/" + (target as NSString).lastPathComponent, content: Data(inline.utf8), mode: mode ?? 0o644)
                continue
            }
            var info = stat()
            guard lstat(source.host, &info) == 0 else { throw EngineError.system("lstat \(source.host)", errno) }
            hasher.update(data: Data(source.relative.utf8))
            if (info.st_mode & S_IFMT) == S_IFDIR {
                anyDirectory = true
                let target = try PathInRoot.makeDirectories(destination, in: container.merged, mode: 0o755)
                try copier.copyContents(of: source.host, relative: source.relative, into: target)
            } else if isAdd, (info.st_mode & S_IFMT) == S_IFREG, ImageBuilder.isArchive(source.host) {
                let target = try PathInRoot.makeDirectories(destination, in: container.merged, mode: 0o755)
                let fd = open(source.host, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw EngineError.system("open \(source.host)", errno) }
                defer { close(fd) }
                _ = try TarUnpacker(destination: target, whiteouts: .apply).unpack(input: fd, blobPath: nil, what: "ADD \(source.relative)")
            } else {
                let target = destIsDirectory ? destination + "/" + (source.relative as NSString).lastPathComponent : destination
                let parent = try PathInRoot.makeDirectories((target as NSString).deletingLastPathComponent, in: container.merged, mode: 0o755)
                try copier.copy(source.host, relative: source.relative, to: parent + "/" + (target as NSString).lastPathComponent)
            }
        }
        let kind = anyDirectory ? "dir" : "file"
        return "/bin/sh -c #(nop) \(instruction.keyword) \(kind):\(Digest(hasher: hasher).hex) in \(destination) "
    }

    /// `--chown=USER[:GROUP]` against the image's /etc/passwd and /etc/group.
    static func resolveOwner(_ value: String, rootfs: String) throws -> (uid_t, gid_t) {
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        let user = try ContainerUser.resolve(user: parts[0], groupAdd: [], rootfs: rootfs)
        var gid = user.gid
        if parts.count == 2 {
            if let n = UInt32(parts[1]) { gid = n } else {
                let groups = String(decoding: (try FileSystem.readFileIfPresent(rootfs + "/etc/group")) ?? Data(), as: UTF8.self)
                guard let line = groups.split(separator: "\n").first(where: { $0.hasPrefix(parts[1] + ":") }),
                      let g = line.split(separator: ":", omittingEmptySubsequences: false).dropFirst(2).first.flatMap({ UInt32($0) }) else {
                    throw EngineError.invalid("unable to find group \(parts[1]): no matching entries in group file")
                }
                gid = g
            }
        } else if UInt32(parts[0]) != nil {
            gid = UInt32(parts[0])!
        }
        return (user.uid, gid)
    }

    /// A tar archive, plain or compressed (gzip, bzip2, xz, zstd), by its first bytes.
    static func isArchive(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 512)
        let n = read(fd, &head, head.count)
        guard n >= 4 else { return false }
        if head[0] == 0x1f && head[1] == 0x8b { return true }
        if head[0] == 0x42 && head[1] == 0x5a && head[2] == 0x68 { return true }
        if head[0] == 0xfd && head[1] == 0x37 && head[2] == 0x7a && head[3] == 0x58 { return true }
        if head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd { return true }
        return n >= 262 && Array(head[257..<262]) == Array("ustar".utf8)
    }
}

/// Copies files into the working container with COPY's ownership and mode
/// rules: owned by `owner` (root unless --chown), modes kept unless
/// --chmod, modification times kept; entries the ignore file excludes are
/// skipped. Existing non-directories in the way are replaced.
struct TreeCopier {
    var owner: (uid_t, gid_t)
    var mode: mode_t?
    var ignore: BuildIgnore
    var root: String

    func copyContents(of source: String, relative: String, into target: String) throws {
        for name in FileSystem.list(source).sorted() {
            let child = relative.isEmpty ? name : relative + "/" + name
            if ignore.excludes(child) { continue }
            try copy(source + "/" + name, relative: child, to: target + "/" + name)
        }
    }

    func copy(_ source: String, relative: String, to target: String) throws {
        var info = stat()
        guard lstat(source, &info) == 0 else { throw EngineError.system("lstat \(source)", errno) }
        var existing = stat()
        let exists = lstat(target, &existing) == 0
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            var into = target
            if exists && (existing.st_mode & S_IFMT) == S_IFLNK {
                // A link to a directory inside the root: copy through it, as the container sees it.
                switch PathInRoot.resolve(String(target.dropFirst(root.count)), in: root) {
                case .success(let through):
                    var resolved = stat()
                    if lstat(through, &resolved) == 0, (resolved.st_mode & S_IFMT) == S_IFDIR { into = through } else { try replace(target) }
                case .failure(let error) where error.code == ENOENT:
                    try replace(target)
                case .failure(let error):
                    throw EngineError.system("resolve \(target)", error.code)
                }
            } else if exists && (existing.st_mode & S_IFMT) != S_IFDIR {
                try replace(target)
            }
            if lstat(into, &existing) != 0 {
                if mkdir(into, 0o700) != 0 { throw EngineError.system("mkdir \(into)", errno) }
            }
            try copyContents(of: source, relative: relative, into: into)
            try finishDirectory(into, info)
        case S_IFREG:
            if exists { try replace(target) }
            let input = open(source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard input >= 0 else { throw EngineError.system("open \(source)", errno) }
            defer { close(input) }
            let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard output >= 0 else { throw EngineError.system("create \(target)", errno) }
            defer { close(output) }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = read(input, &chunk, chunk.count)
                if n < 0 { if errno == EINTR { continue }; throw EngineError.system("read \(source)", errno) }
                if n == 0 { break }
                try chunk.withUnsafeBytes { try FileSystem.writeAll(output, UnsafeRawBufferPointer(rebasing: $0[0..<n]), path: target) }
            }
            fchown(output, owner.0, owner.1)
            fchmod(output, mode ?? (info.st_mode & 0o7777))
            var times = [info.st_atim, info.st_mtim]
            futimens(output, &times)
        case S_IFLNK:
            if exists { try replace(target) }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(source, &buffer, buffer.count - 1)
            guard n >= 0 else { throw EngineError.system("readlink \(source)", errno) }
            buffer[n] = 0
            if symlink(buffer, target) != 0 { throw EngineError.system("symlink \(target)", errno) }
            lchown(target, owner.0, owner.1)
            var times = [info.st_atim, info.st_mtim]
            utimensat(AT_FDCWD, target, &times, AT_SYMLINK_NOFOLLOW)
        default:
            break
        }
    }

    func writeFile(_ target: String, content: Data, mode: mode_t) throws {
        var existing = stat()
        if lstat(target, &existing) == 0 { try replace(target) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw EngineError.system("create \(target)", errno) }
        defer { close(output) }
        try content.withUnsafeBytes { try FileSystem.writeAll(output, $0, path: target) }
        fchown(output, owner.0, owner.1)
        fchmod(output, mode)
    }

    private func replace(_ target: String) throws {
        var info = stat()
        guard lstat(target, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR { try FileSystem.removeTree(target) } else if unlink(target) != 0 {
            throw EngineError.system("remove \(target)", errno)
        }
    }

    private func finishDirectory(_ path: String, _ info: stat) throws {
        lchown(path, owner.0, owner.1)
        chmod(path, mode ?? (info.st_mode & 0o7777))
        var times = [info.st_atim, info.st_mtim]
        utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW)
    }
}
