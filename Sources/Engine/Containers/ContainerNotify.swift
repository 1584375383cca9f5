#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// What `run`/`start` tell systemd once the container runs (`--sdnotify`).
package enum ContainerNotify {
    package static func afterStart(_ c: Container, manager: ContainerManager) throws {
        guard SystemdNotify.socket != nil else { return }
        let mainPid = "MAINPID=\(c.state.monitorPid)"
        switch c.config.sdNotify {
        case .conmon:
            try SystemdNotify.send(mainPid + "\nREADY=1")
        case .container:
            try SystemdNotify.send(mainPid)
        case .healthy:
            try SystemdNotify.send(mainPid)
            guard try ContainerHealthChecker(manager: manager).waitUntilHealthy(c, then: { try SystemdNotify.send("READY=1") }) else {
                throw EngineError(.system, "container \(c.name) exited before its first passing healthcheck")
            }
        case .ignore:
            break
        }
    }
}
