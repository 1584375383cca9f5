#if canImport(Glibc)
import Glibc
#endif

/// Where the generator's messages go: the kernel log (the only log there is
/// at early boot) as `berth-generator[PID]: ...`, or stderr.
final class GeneratorLog {
    private var kmsg: Int32 = -1
    private var useKmsg: Bool
    private let verbose: Bool
    private let prefix: String

    init(useKmsg: Bool, verbose: Bool, programName: String = "berth-generator") {
        self.useKmsg = useKmsg
        self.verbose = verbose
        prefix = "\(programName)[\(FileSystem.processID())]: "
    }

    deinit {
        if kmsg >= 0 { close(kmsg) }
    }

    /// Debug messages are wanted (`-v`, `-dryrun`): callers skip building them otherwise.
    var isVerbose: Bool { verbose }

    func info(_ message: String) {
        emit(prefix + message)
    }

    func debug(_ message: @autoclosure () -> String) {
        if verbose { emit(prefix + message()) }
    }

    private func emit(_ line: String) {
        if useKmsg && kmsg < 0 {
            kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC)
            if kmsg < 0 { useKmsg = false }
        }
        if useKmsg, Self.write(kmsg, line) { return }
        _ = Self.write(2, line + "\n")
    }

    private static func write(_ fd: Int32, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            Glibc.write(fd, buffer.baseAddress, buffer.count) == buffer.count
        }
    }
}
