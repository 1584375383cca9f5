import CShim

/// Which of the container's output streams a chunk came from. The raw value
/// is the attach protocol's stream byte.
enum Stream: UInt8 {
    case stdout = 2
    case stderr = 3
}

/// Every log destination of one container; each chunk goes to all of them.
final class LogSinks {
    private var files: [K8sFileLog] = []
    private var journal: JournaldLog?
    /// Why a destination could not be opened, if one could not.
    private(set) var openError: String?

    init(options: Options) {
        for driver in options.logDrivers {
            switch driver {
            case .k8sFile(let path):
                if let log = K8sFileLog(path: path, maxSize: options.logSizeMax) {
                    files.append(log)
                } else {
                    openError = "cannot open log file \(path): \(Sys.errnoName(Sys.errno))"
                }
            case .journald:
                if journal == nil {
                    if cshim_journal_load() == 0 {
                        journal = JournaldLog(options: options)
                    } else {
                        openError = "cannot load libsystemd.so.0 for journald logging"
                    }
                }
            case .passthrough, .none:
                break
            }
        }
    }

    /// Logs one chunk read from the container.
    func write(_ stream: Stream, _ data: UnsafePointer<UInt8>, _ count: Int) {
        for file in files { file.write(stream, data, count) }
        journal?.write(stream, data, count)
    }

    /// Hands everything logged so far to the kernel.
    func flush() {
        for file in files { file.flush() }
    }

    /// External rotation: reopen every k8s-file at its path.
    func reopen() {
        for file in files { file.reopen() }
    }

    /// End of the container: partial journald lines out, log files on disk.
    func finish() {
        journal?.flush()
        for file in files { file.finish() }
    }
}
