import CShim

/// `--console-socket` for `runtime create` in terminal mode: the runtime
/// connects and hands over the pty master with SCM_RIGHTS.
struct ConsoleSocket {
    let directory: String
    let path: String
    let fd: Int32

    init?() {
        var template = Array("/tmp/conmon-swift-term.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        if made == nil { return nil }
        directory = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        path = directory + "/console.sock"
        fd = bindUnixSocket(Int32(SOCK_STREAM.rawValue), at: path)
        if fd < 0 || listen(fd, 1) < 0 { return nil }
    }

    /// After `create` returned: the master fd the runtime sent, or -1.
    func receiveMaster() -> Int32 {
        let conn = cshim_accept(fd, Int32(SOCK_CLOEXEC.rawValue))
        var master: Int32 = -1
        if conn >= 0 {
            master = cshim_recv_fd(conn)
            Sys.close(conn)
        }
        remove()
        return master
    }

    func remove() {
        Sys.close(fd)
        _ = path.withCString { unlink($0) }
        _ = directory.withCString { rmdir($0) }
    }
}
