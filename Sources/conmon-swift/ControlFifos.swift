import CShim

/// A command read from `ctl` or `winsz`: `"<type> <height> <width>\n"`.
/// Type 3 (berth's): `"3 <milliseconds> 0"` sets the healthcheck interval
/// (0 stops the checks): a startup healthcheck that passed switches to the
/// regular interval.
enum ControlCommand {
    case resize(rows: UInt16, cols: UInt16)
    case reopenLogs
    case healthcheckInterval(milliseconds: Int)
}

/// The `ctl` and `winsz` fifos in the bundle. Opened read-write so the monitor
/// never sees end-of-file when a writer goes away.
struct ControlFifos {
    var ctlFd: Int32 = -1
    var winszFd: Int32 = -1

    init(bundle: BundleDir) {
        ctlFd = ControlFifos.make(bundle, "ctl")
        winszFd = ControlFifos.make(bundle, "winsz")
    }

    private static func make(_ bundle: BundleDir, _ name: String) -> Int32 {
        bundle.unlink(name)
        if name.withCString({ mkfifoat(bundle.fd, $0, 0o600) }) < 0 {
            Diagnostics.warn("cannot create fifo \(name): \(Sys.errnoName(Sys.errno))")
            return -1
        }
        return name.withCString { cshim_openat(bundle.fd, $0, O_RDWR | O_NONBLOCK | O_CLOEXEC, 0) }
    }

    /// Reads what is available and parses every complete line.
    static func read(_ fd: Int32) -> [ControlCommand] {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { Sys.read(fd, $0.baseAddress!, $0.count) }
        guard n > 0 else { return [] }
        var commands: [ControlCommand] = []
        for line in buffer[0..<n].split(separator: 10) {
            let words = line.split(separator: 32).map { parseInt(Array($0)) ?? -1 }
            guard words.count >= 3 else { continue }
            switch words[0] {
            case 1:
                if words[1] >= 0 && words[2] >= 0 && words[1] < 65536 && words[2] < 65536 {
                    commands.append(.resize(rows: UInt16(words[1]), cols: UInt16(words[2])))
                }
            case 2: commands.append(.reopenLogs)
            case 3: if words[1] >= 0 { commands.append(.healthcheckInterval(milliseconds: words[1])) }
            default: continue
            }
        }
        return commands
    }
}
