import CShim

/// Descriptors berth left open for us besides the sync pipes (e.g. reserved
/// host ports). They must not reach the runtime, and are closed as soon as
/// the container is gone so the ports are free at once.
struct InheritedFds {
    private(set) var fds: [Int32] = []

    /// Marks every fd >= 3 close-on-exec and remembers those not in `keep`.
    static func collect(keep: [Int32]) -> InheritedFds {
        var result = InheritedFds()
        guard let dir = opendir("/proc/self/fd") else { return result }
        let own = dirfd(dir)
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            guard let n = parseInt(name), n >= 3, Int32(n) != own else { continue }
            let fd = Int32(n)
            Sys.setCloseOnExec(fd)
            if !keep.contains(fd) { result.fds.append(fd) }
        }
        closedir(dir)
        return result
    }

    mutating func closeAll() {
        for fd in fds { Sys.close(fd) }
        fds = []
    }
}
