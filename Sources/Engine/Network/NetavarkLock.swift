#if canImport(Glibc)
import Glibc
#endif

/// Serializes netavark calls: two at once race on the firewall chains they
/// share ("iptables: Chain already exists"). Held on `netavark.lock` in
/// Berth's netavark config directory and, where Podman keeps netavark
/// configs, on Podman's own `/etc/containers/networks/netavark.lock` too, so
/// Berth and Podman never run netavark at the same time. Podman takes that
/// one as a POSIX record lock (containers/storage's lockfile), hence `fcntl`.
final class NetavarkLock {
    private var fds: [Int32] = []

    init(configDirectory: String) throws {
        var paths = [configDirectory + "/netavark.lock"]
        if FileSystem.isDirectory(HostNetworkUsage.podmanConfigDirectory) {
            paths.append(HostNetworkUsage.podmanConfigDirectory + "/netavark.lock")
        }
        do {
            for path in paths { try acquire(path) }
        } catch {
            release()
            throw error
        }
    }

    deinit { release() }

    private func acquire(_ path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw EngineError.system("cannot open netavark lock \(path)", errno) }
        fds.append(fd)
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        while fcntl(fd, F_SETLKW, &lock) != 0 {
            if errno != EINTR { throw EngineError.system("cannot lock netavark lock \(path)", errno) }
        }
    }

    /// Closing the descriptors drops the record locks.
    func release() {
        for fd in fds { close(fd) }
        fds = []
    }
}
