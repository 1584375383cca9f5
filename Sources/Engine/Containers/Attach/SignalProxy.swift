#if canImport(Glibc)
import Glibc
#endif
import CShim

/// `--sig-proxy` (Podman's default for `run`, `start -a`, `attach`): the
/// signals berth gets while attached are sent to the container's process
/// through the runtime, as `berth kill` sends them. Not proxied, as in
/// Podman: SIGCHLD, SIGPIPE, SIGURG (and SIGKILL, SIGSTOP, which cannot be
/// caught); SIGWINCH neither while a terminal session resizes the
/// container's terminal from it.
final class SignalProxy {
    /// Readable when a caught signal waits to be forwarded.
    private(set) var fd: Int32
    private let forward: (Int32) throws -> Void

    static func proxiedSignals(terminal: Bool) -> [Int32] {
        var skipped: Set<Int32> = [SIGCHLD, SIGPIPE, SIGURG, SIGKILL, SIGSTOP]
        if terminal { skipped.insert(SIGWINCH) }
        return (Int32(1)...Signals.realTimeMaximum).filter { !skipped.contains($0) && ($0 < 32 || $0 >= Signals.realTimeMinimum) }
    }

    /// `forward` sends one signal to the container; nil if the handlers
    /// could not be set up (no pipe).
    init?(terminal: Bool, forward: @escaping (Int32) throws -> Void) {
        let signals = Self.proxiedSignals(terminal: terminal)
        fd = signals.withUnsafeBufferPointer { cshim_sigproxy_start($0.baseAddress!, Int32($0.count)) }
        guard fd >= 0 else { return nil }
        self.forward = forward
    }

    deinit { end() }

    /// Forwards what was caught. When the container cannot take a signal
    /// any more (it stopped), proxying ends and the signal is raised again
    /// here with the handler berth had before, as Podman does: it is not lost.
    func forwardPending() {
        while fd >= 0 {
            let signal = cshim_sigproxy_next(fd)
            if signal <= 0 { return }
            do { try forward(signal) } catch {
                end()
                raise(signal)
                return
            }
        }
    }

    /// Puts back the handlers berth had; signals not yet forwarded are dropped.
    func end() {
        guard fd >= 0 else { return }
        cshim_sigproxy_stop(fd)
        fd = -1
    }
}
