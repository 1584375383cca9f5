import CShim

/// The two inherited SEQPACKET sockets berth talks to us over
/// (`_OCI_STARTPIPE`, `_OCI_SYNCPIPE`).
struct SyncPipe {
    var syncFd: Int32 = -1
    var startFd: Int32 = -1

    static func fromEnvironment() -> SyncPipe {
        var pipe = SyncPipe()
        pipe.syncFd = inheritedFd("_OCI_SYNCPIPE")
        pipe.startFd = inheritedFd("_OCI_STARTPIPE")
        return pipe
    }

    private static func inheritedFd(_ name: String) -> Int32 {
        guard let text = Sys.env(name), let n = parseInt(text), n >= 0,
              cshim_fcntl_int(Int32(n), F_GETFD, 0) >= 0
        else { return -1 }
        Sys.setCloseOnExec(Int32(n))
        return Int32(n)
    }

    /// Blocks until berth says go (one byte), or the start pipe closes.
    mutating func waitForStart() {
        guard startFd >= 0 else { return }
        var byte: UInt8 = 0
        _ = Sys.read(startFd, &byte, 1)
        Sys.close(startFd)
        startFd = -1
    }

    mutating func reportPid(_ pid: Int32) {
        send("{\"data\": \(pid)}\n")
    }

    mutating func reportFailure(_ message: String) {
        send("{\"data\": -1, \"message\": \"" + jsonEscaped(message) + "\"}\n")
    }

    private mutating func send(_ line: String) {
        guard syncFd >= 0 else { return }
        Sys.writeAll(syncFd, line)
        Sys.close(syncFd)
        syncFd = -1
    }
}

/// A JSON string body for arbitrary bytes (invalid UTF-8 is replaced).
func jsonEscaped(_ text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 8)
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    for c in text.utf8 {
        switch c {
        case UInt8(ascii: "\""): out.append(92); out.append(c)
        case 92: out.append(92); out.append(92)
        case 10: out.append(92); out.append(UInt8(ascii: "n"))
        case 13: out.append(92); out.append(UInt8(ascii: "r"))
        case 9: out.append(92); out.append(UInt8(ascii: "t"))
        case 0..<32:
            out.append(contentsOf: Array("\\u00".utf8))
            out.append(hex[Int(c >> 4)])
            out.append(hex[Int(c & 15)])
        default: out.append(c)
        }
    }
    return String(decoding: out, as: UTF8.self)
}
