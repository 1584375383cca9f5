#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Which containers `stats` reads.
package enum StatsSelection: Sendable {
    /// Running containers (`stats`).
    case running
    /// Every container, stopped ones with empty figures (`stats --all`).
    case all
    /// The most recently created container (`--latest`).
    case latest
    /// Named containers, each required to be running.
    case named([String])
}

extension ContainerManager {
    /// One reading of the selected containers' resource use. `previous`
    /// (the last reading, by container id) makes CPU % the use since then;
    /// without it, since the container started.
    package func stats(_ selection: StatsSelection, previous: [String: ContainerStats] = [:]) throws -> [ContainerStats] {
        var containers: [Container]
        switch selection {
        case .named(let names):
            containers = try names.map { name in
                do { return try load(name) } catch let error as EngineError where error.kind == .notFound {
                    throw EngineError(.notFound, "unable to look up \(name): " + error.message, exitCode: error.exitCode)
                }
            }
        case .latest:
            containers = Array(try loadAll().suffix(1))
        case .running, .all:
            containers = try loadAll()
        }
        for i in containers.indices where containers[i].isRunning { try syncExit(&containers[i]) }
        if case .running = selection { containers = containers.filter(\.isRunning) }
        let physical = try Self.physicalMemory()
        let mounts = CgroupPlacement.hierarchyMounts()
        var result: [ContainerStats] = []
        for c in containers {
            guard c.isRunning else {
                if case .named = selection { throw EngineError(.conflict, "container \(c.name) is not running: container state improper") }
                if case .latest = selection { throw EngineError(.conflict, "container \(c.name) is not running: container state improper") }
                result.append(ContainerStats(id: c.id, name: c.name))
                continue
            }
            let counters = try CgroupCounters.read(pid: c.state.pid, hostNetwork: c.config.network == .host, mounts: mounts)
            guard let counters else {
                // Exited since it was listed.
                if case .named = selection { throw EngineError(.conflict, "container \(c.name) is not running: container state improper") }
                if case .all = selection { result.append(ContainerStats(id: c.id, name: c.name)) }
                continue
            }
            var limit = physical
            if let configured = c.config.memoryLimit, configured > 0, UInt64(configured) < physical { limit = UInt64(configured) }
            let started = UInt64(max(0, (c.state.startedAt ?? 0) * 1_000_000_000))
            result.append(ContainerStats(id: c.id, name: c.name, counters: counters, now: Self.nowNanos(), startedAt: started,
                                         memoryLimit: limit, previous: previous[c.id]))
        }
        return result
    }

    static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// The host's RAM (sysinfo's total): the memory limit of a container without one.
    static func physicalMemory() throws -> UInt64 {
        UInt64(max(0, try HostFacts.memory()["MemTotal"] ?? 0))
    }
}
