import Foundation

/// One container's line of `stats`: Podman's `define.ContainerStats`
/// fields (what templates and the API see), computed from two readings of
/// its counters.
package struct ContainerStats: Sendable {
    package var ContainerID: String
    package var Name: String
    /// CPU use since the previous reading (or since the container started), in %.
    package var CPU: Double = 0
    /// CPU use averaged over the container's run, in %.
    package var AvgCPU: Double = 0
    package var PerCPU: [UInt64] = []
    package var CPUNano: UInt64 = 0
    package var CPUSystemNano: UInt64 = 0
    /// When this reading was taken (ns since the epoch).
    package var SystemNano: UInt64 = 0
    package var MemUsage: UInt64 = 0
    package var MemLimit: UInt64 = 0
    package var MemPerc: Double = 0
    package var NetInput: UInt64 = 0
    package var NetOutput: UInt64 = 0
    package var BlockInput: UInt64 = 0
    package var BlockOutput: UInt64 = 0
    package var PIDs: UInt64 = 0

    package init(id: String, name: String) {
        ContainerID = id
        Name = name
    }

    /// `counters` read at `now` (ns since the epoch) for a container that
    /// started at `startedAt` (ns), compared with `previous` (a reading of
    /// the same run) for the CPU %.
    package init(id: String, name: String, counters: CgroupCounters, now: UInt64, startedAt: UInt64,
                 memoryLimit: UInt64, previous: ContainerStats?) {
        self.init(id: id, name: name)
        // A lower total than before is a new run (a restart in a new cgroup).
        let before = previous.flatMap { $0.CPUNano <= counters.cpuNanos && $0.SystemNano > 0 ? $0 : nil }
        CPU = Self.percent(used: counters.cpuNanos - (before?.CPUNano ?? 0), over: now, since: before?.SystemNano ?? startedAt)
        AvgCPU = Self.percent(used: counters.cpuNanos, over: now, since: startedAt)
        PerCPU = counters.perCPUNanos
        CPUNano = counters.cpuNanos
        CPUSystemNano = counters.cpuSystemNanos
        SystemNano = now
        MemUsage = counters.memoryUsage
        MemLimit = memoryLimit
        MemPerc = memoryLimit > 0 ? Double(counters.memoryUsage) / Double(memoryLimit) * 100 : 0
        NetInput = counters.networkReceived
        NetOutput = counters.networkSent
        BlockInput = counters.blockRead
        BlockOutput = counters.blockWritten
        PIDs = counters.pids
    }

    private static func percent(used: UInt64, over now: UInt64, since start: UInt64) -> Double {
        guard now > start, used > 0 else { return 0 }
        return Double(used) / Double(now - start) * 100
    }

    // What Podman's `stats` prints (its template methods of the same names).

    package var ID: String { String(ContainerID.prefix(12)) }
    package var CPUPerc: String { StatsUnits.percent(CPU) }
    package var AVGCPU: String { StatsUnits.percent(AvgCPU) }
    package var MemPercText: String { StatsUnits.percent(MemPerc) }
    package var MemUsageText: String { StatsUnits.pair(MemUsage, MemLimit) }
    package var MemUsageBytes: String { StatsUnits.pair(MemUsage, MemLimit, binary: true) }
    package var NetIO: String { StatsUnits.pair(NetInput, NetOutput) }
    package var BlockIO: String { StatsUnits.pair(BlockInput, BlockOutput) }
    package var PIDSText: String { PIDs == 0 ? "--" : String(PIDs) }
    /// CPU time used (`UpTime` in Podman, a Go duration).
    package var UpTime: String { StatsUnits.goDuration(nanoseconds: CPUNano) }
}

extension ContainerStats {
    /// What a `--format` template sees: Podman's fields, with its methods
    /// (`.CPUPerc`, `.MemUsage`, `.PIDS`, ...) shadowing the raw fields
    /// of the same name as Go's method sets do.
    package struct TemplateRow: Encodable {
        var ID, ContainerID, Name, CPUPerc, AVGCPU, MemUsage, MemUsageBytes, MemPerc, NetIO, BlockIO, PIDS, UpTime, Up: String
        var CPU, AvgCPU: Double
        var PerCPU: [UInt64]
        var CPUNano, CPUSystemNano, SystemNano, MemLimit, NetInput, NetOutput, BlockInput, BlockOutput, PIDs, Duration: UInt64
    }

    package func templateRow(noTrunc: Bool = false) -> TemplateRow {
        TemplateRow(ID: noTrunc ? ContainerID : ID, ContainerID: ContainerID, Name: Name, CPUPerc: CPUPerc, AVGCPU: AVGCPU,
                    MemUsage: MemUsageText, MemUsageBytes: MemUsageBytes, MemPerc: MemPercText, NetIO: NetIO, BlockIO: BlockIO,
                    PIDS: PIDSText, UpTime: UpTime, Up: UpTime, CPU: CPU, AvgCPU: AvgCPU, PerCPU: PerCPU, CPUNano: CPUNano,
                    CPUSystemNano: CPUSystemNano, SystemNano: SystemNano, MemLimit: MemLimit, NetInput: NetInput,
                    NetOutput: NetOutput, BlockInput: BlockInput, BlockOutput: BlockOutput, PIDs: PIDs, Duration: CPUNano)
    }

    /// `--format json`: Podman's list of display strings, one-space indented.
    package static func json(_ stats: [ContainerStats]) -> String {
        if stats.isEmpty { return "[]" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding a string cannot fail.
        func quoted(_ s: String) -> String { String(decoding: (try? encoder.encode(s)) ?? Data(), as: UTF8.self) }
        let objects = stats.map { s -> String in
            let fields = [("id", s.ID), ("name", s.Name), ("cpu_time", s.UpTime), ("cpu_percent", s.CPUPerc), ("avg_cpu", s.AVGCPU),
                          ("mem_usage", s.MemUsageText), ("mem_percent", s.MemPercText), ("net_io", s.NetIO),
                          ("block_io", s.BlockIO), ("pids", s.PIDSText)]
            return " {\n" + fields.map { "  \"\($0.0)\": " + quoted($0.1) }.joined(separator: ",\n") + "\n }"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]"
    }
}
