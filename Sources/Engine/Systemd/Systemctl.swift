#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The few `systemctl` calls auto-update makes, on the system manager
/// (root) or the user's (rootless).
package struct Systemctl: Sendable {
    package let userManager: Bool

    /// A user's manager when berth runs for a user (inside its namespace too, where it is uid 0).
    package init(userManager: Bool = Rootless.isActive) {
        self.userManager = userManager
    }

    private var executable: String {
        ["/usr/bin/systemctl", "/bin/systemctl"].first { access($0, X_OK) == 0 } ?? "/usr/bin/systemctl"
    }

    private func run(_ arguments: [String]) throws -> ChildProcess.Output {
        try ChildProcess.run([executable] + (userManager ? ["--user"] : []) + arguments)
    }

    /// Restarts `unit` and waits for the job (a `Type=notify` unit's job
    /// ends when it is ready, or failed); throws when it did not succeed.
    package func restart(_ unit: String) throws {
        let result = try run(["restart", unit])
        guard result.status == 0 else {
            let detail = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw EngineError(.system, "restarting unit \(unit): \(detail.isEmpty ? "systemctl exited with \(result.status)" : detail)")
        }
    }

    /// The unit's `ActiveState` (`active`, `failed`, `activating`...).
    package func activeState(_ unit: String) throws -> String {
        let result = try run(["show", "--property=ActiveState", "--value", unit])
        guard result.status == 0 else {
            throw EngineError(.system, "reading the state of unit \(unit): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
