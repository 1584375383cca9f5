#if canImport(Glibc)
import Glibc
#endif
import Foundation
import CShim

extension ContainerManager {
    /// `cp CONTAINER:PATH -`: `path` (a file, a directory and everything
    /// below it, or a symlink as it is) as a tar stream on `output`, its
    /// entry named by the path's last component.
    public func archive(_ nameOrID: String, path: String, to output: Int32) throws {
        try withSource(nameOrID, path: path) { parent, name in
            try tar(["-cf", "-", "-C", parent, "--", name], output: output, container: nameOrID)
        }
    }

    /// `cp CONTAINER:PATH HOSTPATH`: into an existing directory under the
    /// same name, else as `destination` itself (its parent must exist).
    public func copyOut(_ nameOrID: String, path: String, to destination: String) throws {
        var info = stat()
        let intoDirectory = stat(destination, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
        let parent = intoDirectory ? destination : (destination as NSString).deletingLastPathComponent.isEmpty ? "." : (destination as NSString).deletingLastPathComponent
        guard FileSystem.isDirectory(parent) else {
            throw EngineError.notFound("\"\(destination)\" could not be found on the host: no such file or directory")
        }
        try withSource(nameOrID, path: path) { sourceParent, name in
            // Unpacked next to the destination, then moved into place whole.
            let staging = parent + "/.berth-cp-" + FileSystem.randomHex(6)
            try FileSystem.makeDirectories(staging)
            defer {
                do { try FileSystem.removeTree(staging) } catch { EngineLog.warn("cannot remove \(staging): \(error)") }
            }
            var pipeFds: [Int32] = [-1, -1]
            guard pipe(&pipeFds) == 0 else { throw EngineError.system("pipe", errno) }
            for fd in pipeFds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            let writer = try ChildProcess.spawn(["/bin/tar", "--numeric-owner", "-cf", "-", "-C", sourceParent, "--", name], fds: [(pipeFds[1], 1), (2, 2)])
            close(pipeFds[1])
            let reader: pid_t
            do {
                reader = try ChildProcess.spawn(["/bin/tar", "--numeric-owner", "-xf", "-", "-C", staging], fds: [(pipeFds[0], 0), (2, 2)])
            } catch {
                close(pipeFds[0])
                _ = ChildProcess.wait(writer)
                throw error
            }
            close(pipeFds[0])
            let (written, read) = (ChildProcess.wait(writer), ChildProcess.wait(reader))
            guard written == 0, read == 0 else {
                throw EngineError(.system, "cannot copy \(path) from container \(nameOrID) to \(destination): tar exited with status \(written == 0 ? read : written)")
            }
            let target = intoDirectory ? destination + "/" + name : destination
            if intoDirectory || FileSystem.exists(target) { try FileSystem.removeTree(target) }
            guard Glibc.rename(staging + "/" + name, target) == 0 else { throw EngineError.system("rename into \(target)", errno) }
        }
    }

    /// Runs `body` with the host directory holding `path` and its last
    /// component: a running container's paths through its init's root (its
    /// volumes included), a stopped one's through its mounted root file system.
    private func withSource(_ nameOrID: String, path: String, _ body: (String, String) throws -> Void) throws {
        try withRoot(nameOrID, path: path, direction: "from") { c, root, absolute in
            switch PathInRoot.resolve(absolute, in: root, followLast: false) {
            case .failure(let error) where error.code == ENOENT || error.code == ENOTDIR:
                throw EngineError.notFound("\"\(path)\" could not be found on container \(nameOrID): no such file or directory")
            case .failure(let error):
                throw EngineError.system("cannot find \(path) in container \(c.id)", error.code)
            case .success(let host):
                var info = stat()
                guard lstat(host, &info) == 0 else {
                    throw EngineError.notFound("\"\(path)\" could not be found on container \(nameOrID): no such file or directory")
                }
                let name = (host as NSString).lastPathComponent
                try body(name.isEmpty || host.hasSuffix("/") ? root : (host as NSString).deletingLastPathComponent, name.isEmpty || host.hasSuffix("/") ? "." : name)
            }
        }
    }

    /// Runs `body` with the container, a host path of its root and `path`
    /// made absolute (from its working directory): a running container's
    /// root through its init's (its volumes included), a stopped one's
    /// mounted root file system, unmounted after; a path in a volume of a
    /// stopped container is refused (`direction`: copying from or into it).
    private func withRoot(_ nameOrID: String, path: String, direction: String,
                          _ body: (Container, String, String) throws -> Void) throws {
        var c: Container
        do { c = try load(nameOrID) } catch let e as EngineError where e.kind == .notFound {
            throw EngineError.notFound("container \"\(nameOrID)\" does not exist")
        }
        // An exit its monitor's cleanup has not recorded yet (`run` returns
        // on the exit file): the process and its /proc root are gone.
        _ = try syncExit(&c)
        let absolute = path.hasPrefix("/") ? path : (c.config.workingDir.isEmpty ? "/" : c.config.workingDir) + "/" + path
        if c.isRunning { return try body(c, "/proc/\(c.state.pid)/root", absolute) }
        if let volume = c.config.mounts.first(where: { absolute == $0.destination || absolute.hasPrefix($0.destination + "/") }) {
            throw EngineError.invalid("copying \(direction) \(volume.destination) of a container that is not running is not supported yet: start the container first")
        }
        let root = try store.containers.mount(c.id)
        defer {
            do { try store.containers.unmount(c.id) } catch { EngineLog.warn("cannot unmount the root file system of container \(c.id) after cp: \(error)") }
        }
        try body(c, root, absolute)
    }

    private func tar(_ arguments: [String], output: Int32, container: String) throws {
        let pid = try ChildProcess.spawn(["/bin/tar", "--numeric-owner"] + arguments, fds: [(output, 1), (2, 2)])
        let status = ChildProcess.wait(pid)
        guard status == 0 else { throw EngineError(.system, "cannot archive from container \(container): tar exited with status \(status)") }
    }
}

extension ContainerManager {
    /// `cp HOSTPATH CONTAINER:PATH` (and `cp - CONTAINER:DIR`, a tar stream
    /// on `input`): into an existing directory under the source's name, else
    /// as `path` itself (its parent must exist). Every write resolves inside
    /// the container's root (openat2 RESOLVE_IN_ROOT from a descriptor of
    /// it), so a symlink in the container, even one it swaps in meanwhile,
    /// cannot send a write to the host. With `chownToContainerUser`
    /// (`--archive`, the default) the copies belong to the container's user.
    /// Without `overwrite` a directory is never replaced by a file, nor a
    /// file by a directory (Podman's rule).
    public func copyIn(_ nameOrID: String, path: String, from source: String, input: Int32 = 0, chownToContainerUser: Bool = true,
                       overwrite: Bool = false) throws {
        try withRoot(nameOrID, path: path, direction: "into") { c, root, absolute in
            try copyIn(c, nameOrID, root: root, absolute: absolute, path: path, from: source, input: input,
                       chownToContainerUser: chownToContainerUser, overwrite: overwrite)
        }
    }

    private func copyIn(_ c: Container, _ nameOrID: String, root: String, absolute: String, path: String, from source: String,
                        input: Int32, chownToContainerUser: Bool, overwrite: Bool) throws {
        let rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if rootfd < 0 { throw EngineError.system("open the root of container \(c.id)", errno) }
        defer { close(rootfd) }

        var components = absolute.split(separator: "/").map(String.init).filter { $0 != "." }
        if components.contains("..") {
            throw EngineError.invalid("\"\(path)\": a destination in the container may not contain \"..\"")
        }
        func isDirectoryInRoot(_ parts: [String]) -> Bool? {
            let fd = engine_open_in_root(rootfd, parts.isEmpty ? "." : parts.joined(separator: "/"), 0o10000000 /* O_PATH */, 0)
            if fd < 0 { return nil }
            defer { close(fd) }
            var info = stat()
            return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
        }
        var rename: (from: String, to: String)?
        let sourceName = source == "-" ? nil : (source as NSString).lastPathComponent
        if isDirectoryInRoot(components) != true {
            guard let sourceName, let last = components.popLast() else {
                throw EngineError.notFound("\"\(path)\" could not be found on container \(nameOrID): a tar stream is copied into an existing directory")
            }
            guard isDirectoryInRoot(components) == true else {
                throw EngineError.notFound("\"\(path)\" could not be found on container \(nameOrID): no such file or directory")
            }
            rename = (sourceName, last)
        }
        var owner: (uid: uid_t, gid: gid_t)?
        if chownToContainerUser {
            let user = try ContainerUser.resolve(user: c.config.user, groupAdd: [], rootfs: root)
            let ns = c.config.userNamespace.flatMap { $0.uidMappings.isEmpty ? nil : $0 }
            owner = (ns.map { IDMap.host(user.uid, in: $0.uidMappings) ?? user.uid } ?? user.uid,
                     ns.map { IDMap.host(user.gid, in: $0.gidMappings) ?? user.gid } ?? user.gid)
        }
        let unpacker = TarUnpacker(root: rootfd, under: components, destination: "container \(c.name):\(absolute)", whiteouts: .none, owner: owner)
        unpacker.renameTop = rename
        let what = source == "-" ? "standard input" : source
        guard let sourceName else {
            _ = try unpacker.unpack(input: input, blobPath: nil, what: what)
            return
        }
        var info = stat()
        guard lstat(source, &info) == 0 else {
            throw EngineError.notFound("\"\(source)\" could not be found on the host: no such file or directory")
        }
        let existing = components + [rename?.to ?? sourceName]
        if !overwrite, let isDirectory = isDirectoryInRoot(existing), isDirectory != ((info.st_mode & S_IFMT) == S_IFDIR) {
            let target = "/" + existing.joined(separator: "/")
            throw EngineError(.conflict, isDirectory ? "cannot overwrite directory \"\(target)\" with non-directory \"\(source)\" (--overwrite allows it)"
                                                     : "cannot overwrite non-directory \"\(target)\" with directory \"\(source)\" (--overwrite allows it)")
        }
        let parent = (source as NSString).deletingLastPathComponent
        let status = try readingTar(["-cf", "-", "-C", parent.isEmpty ? "." : parent, "--", sourceName]) { fd in
            _ = try unpacker.unpack(input: fd, blobPath: nil, what: what)
        }.status
        guard status == 0 else {
            throw EngineError(.system, "cannot copy \(source) into container \(nameOrID): tar exited with status \(status)")
        }
    }

    /// Runs `tar --numeric-owner ARGUMENTS` writing into a pipe and `consume`
    /// on the pipe's reading end; what `consume` returns and tar's exit
    /// status. When `consume` throws, tar is killed.
    func readingTar<T>(_ arguments: [String], _ consume: (Int32) throws -> T) throws -> (value: T, status: Int32) {
        var pipeFds: [Int32] = [-1, -1]
        guard pipe(&pipeFds) == 0 else { throw EngineError.system("pipe", errno) }
        for fd in pipeFds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let writer: pid_t
        do {
            writer = try ChildProcess.spawn(["/bin/tar", "--numeric-owner"] + arguments, fds: [(pipeFds[1], 1), (2, 2)])
        } catch {
            close(pipeFds[0]); close(pipeFds[1])
            throw error
        }
        close(pipeFds[1])
        let value: T
        do {
            // Closed before the wait: a tar still writing then fails instead of blocking forever.
            defer { close(pipeFds[0]) }
            value = try consume(pipeFds[0])
        } catch {
            _ = Glibc.kill(writer, SIGKILL)
            _ = ChildProcess.wait(writer)
            throw error
        }
        return (value, ChildProcess.wait(writer))
    }
}
