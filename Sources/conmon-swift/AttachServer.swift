import CShim

/// `<bundle>/attach`: a SOCK_SEQPACKET socket; every client gets the output as
/// `[stream byte][data]` records and may send raw input for the container's stdin.
final class AttachServer {
    static let maxClients = 16
    let listenFd: Int32
    private(set) var clients = [Int32](repeating: -1, count: AttachServer.maxClients)

    init?(bundle: BundleDir) {
        let fd = bindUnixSocket(Int32(SOCK_SEQPACKET.rawValue), at: bundle.shortPath("attach"))
        if fd < 0 { return nil }
        if listen(fd, 10) < 0 {
            Sys.close(fd)
            return nil
        }
        listenFd = fd
    }

    /// Accepts one pending client; returns its slot, or nil.
    func accept() -> Int? {
        let fd = cshim_accept(listenFd, Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
        if fd < 0 { return nil }
        guard let slot = clients.firstIndex(of: -1) else {
            Sys.close(fd)
            return nil
        }
        clients[slot] = fd
        return slot
    }

    var hasClients: Bool { clients.contains { $0 >= 0 } }

    /// Sends one record to every client without ever blocking; a client that
    /// cannot keep up misses the record, one that is gone is dropped.
    func broadcast(_ record: UnsafePointer<UInt8>, _ count: Int, loop: EventLoop) {
        for slot in 0..<clients.count where clients[slot] >= 0 {
            let n = send(clients[slot], record, count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            if n < 0 {
                let e = Sys.errno
                if e != EAGAIN && e != EINTR { drop(slot, loop: loop) }
            }
        }
    }

    func drop(_ slot: Int, loop: EventLoop) {
        guard clients[slot] >= 0 else { return }
        loop.remove(clients[slot])
        Sys.close(clients[slot])
        clients[slot] = -1
    }

    func closeAll(loop: EventLoop) {
        for slot in 0..<clients.count { drop(slot, loop: loop) }
        loop.remove(listenFd)
        Sys.close(listenFd)
    }
}
