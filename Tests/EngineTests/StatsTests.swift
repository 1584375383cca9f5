import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

@Suite("stats: Podman's units and columns")
struct StatsFormatTests {
    @Test("sizes as go-units prints them, durations as Go's time.Duration, percentages with two decimals or --")
    func units() {
        #expect(StatsUnits.humanSize(0) == "0B")
        #expect(StatsUnits.humanSize(999) == "999B")
        #expect(StatsUnits.humanSize(1_500_000) == "1.5MB")
        #expect(StatsUnits.humanSize(2_097_152) == "2.097MB")
        #expect(StatsUnits.humanSize(8_312_000_000) == "8.312GB")
        #expect(StatsUnits.bytesSize(2_097_152) == "2MiB")
        #expect(StatsUnits.pair(0, 0) == "-- / --")
        #expect(StatsUnits.pair(1_000, 2_000_000) == "1kB / 2MB")
        #expect(StatsUnits.percent(0) == "--")
        #expect(StatsUnits.percent(12.345) == "12.35%")
        #expect(StatsUnits.goDuration(nanoseconds: 0) == "0s")
        #expect(StatsUnits.goDuration(nanoseconds: 850) == "850ns")
        #expect(StatsUnits.goDuration(nanoseconds: 1_500) == "1.5µs")
        #expect(StatsUnits.goDuration(nanoseconds: 11_839_000) == "11.839ms")
        #expect(StatsUnits.goDuration(nanoseconds: 2_000_000_000) == "2s")
        #expect(StatsUnits.goDuration(nanoseconds: 123_500_000_000) == "2m3.5s")
        #expect(StatsUnits.goDuration(nanoseconds: 3_600_000_000_000) == "1h0m0s")
    }

    @Test("network bytes: every interface of the namespace but loopback")
    func netDev() {
        let dev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
          eth0:    4200      30    0    0    0     0          0         0      900       9    0    0    0     0       0          0
          eth1:      58       1    0    0    0     0          0         0      100       2    0    0    0     0       0          0
        """
        let bytes = CgroupCounters.networkBytes(dev)
        #expect(bytes.received == 4258)
        #expect(bytes.sent == 1000)
    }

    @Test("CPU %: the use between two readings over the time between them; the average over the run")
    func cpuPercent() {
        var counters = CgroupCounters()
        counters.cpuNanos = 1_000_000_000
        let start: UInt64 = 1_000_000_000_000
        let first = ContainerStats(id: String(repeating: "a", count: 64), name: "c", counters: counters, now: start + 10_000_000_000,
                                   startedAt: start, memoryLimit: 1000, previous: nil)
        #expect(first.CPUPerc == "10.00%")
        counters.cpuNanos = 2_000_000_000
        let second = ContainerStats(id: first.ContainerID, name: "c", counters: counters, now: start + 12_000_000_000,
                                    startedAt: start, memoryLimit: 1000, previous: first)
        #expect(second.CPUPerc == "50.00%")
        #expect(second.AVGCPU == "16.67%")
        #expect(second.ID == String(repeating: "a", count: 12))
        #expect(second.PIDSText == "--")
        #expect(ContainerStats.json([ContainerStats(id: first.ContainerID, name: "c")]) == """
        [
         {
          "id": "aaaaaaaaaaaa",
          "name": "c",
          "cpu_time": "0s",
          "cpu_percent": "--",
          "avg_cpu": "--",
          "mem_usage": "-- / --",
          "mem_percent": "--",
          "net_io": "-- / --",
          "block_io": "-- / --",
          "pids": "--"
         }
        ]
        """)
    }
}

@Suite("stats: containers' resource use from their cgroups", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct StatsTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    /// "41.94MB" -> bytes.
    static func bytes(_ human: Substring) -> Double {
        let units: [(String, Double)] = [("kB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("B", 1)]
        for (unit, factor) in units where human.hasSuffix(unit) {
            return (Double(human.dropLast(unit.count)) ?? -1) * factor
        }
        return -1
    }

    @Test("the table: Podman's columns; memory a container fills shows; PIDS counts the processes it started")
    func table() throws {
        let store = try ContainerTestSupport.store("stats-table")
        #expect(try store.berth("run", "-d", "--name", "idle", "--network", "none", "localhost/busybox", "sleep", "1000").status == 0)
        let fill = try store.berth("run", "-d", "--name", "busy", "--network", "none", "localhost/busybox", "sh", "-c",
                                   "head -c 40000000 /dev/zero > /dev/shm/fill; sleep 1000 & sleep 1000 & sleep 1000 & wait")
        #expect(fill.status == 0, "\(fill.stderr)")
        #expect(try ContainerTestSupport.eventually {
            try store.berth("stats", "--no-stream", "--format", "{{.PIDS}}", "busy").out == "4"
        }, "sh and its three sleeps")
        #expect(try store.berth("exec", "busy", "ls", "/dev/shm").out == "fill")

        let table = try store.berth("stats", "--no-stream")
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        try #require(lines.count == 3, "\(table.stdout)")
        let header = lines[0].split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(header == "ID NAME CPU % MEM USAGE / LIMIT MEM % NET IO BLOCK IO PIDS CPU TIME AVG CPU %")
        let names = try store.berth("stats", "--no-stream", "--format", "{{.Name}}").stdout.split(separator: "\n").sorted()
        #expect(names == ["busy", "idle"])

        let usage = try store.berth("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}} {{.PIDS}} {{.NetIO}}")
        var memory: [String: Double] = [:]
        for line in usage.stdout.split(separator: "\n") {
            let f = line.split(separator: " ")
            try #require(f.count == 8, "\(line)")
            memory[String(f[0])] = Self.bytes(f[1])
            #expect(Self.bytes(f[3]) > 0, "a limit: \(line)")
            #expect(f[4] == (f[0] == "busy" ? "4" : "1"), "\(line)")
            #expect(f[5...].joined(separator: " ") == "-- / --", "no traffic without a network: \(line)")
        }
        let busy = memory["busy"] ?? 0, idle = memory["idle"] ?? 0
        #expect(busy > 40_000_000 && busy > idle + 35_000_000, "busy \(busy), idle \(idle)")

        let json = try store.berth("stats", "--no-stream", "--format", "json", "idle")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]]
        #expect(decoded?.count == 1)
        #expect(decoded?.first?["name"] == "idle")
        #expect(decoded?.first?["pids"] == "1")
        #expect(Set(decoded?.first?.keys.map { $0 } ?? []) == ["id", "name", "cpu_time", "cpu_percent", "avg_cpu", "mem_usage",
                                                                "mem_percent", "net_io", "block_io", "pids"])
    }

    @Test("a memory limit is the limit shown; stopped containers only with --all; a stopped one named is an error")
    func limitAndStopped() throws {
        let store = try ContainerTestSupport.store("stats-limit")
        #expect(try store.berth("run", "-d", "--name", "small", "--memory", "64m", "--network", "none", "localhost/busybox", "sleep", "1000").status == 0)
        #expect(try store.berth("create", "--name", "stopped", "--network", "none", "localhost/busybox", "true").status == 0)
        let limit = try store.berth("stats", "--no-stream", "--format", "{{.MemUsage}}", "small").out
        #expect(limit.hasSuffix(" / 67.11MB"), "\(limit)")
        #expect(try store.berth("stats", "--no-stream", "--format", "{{.Name}}").out == "small")
        let all = try store.berth("stats", "--no-stream", "--all", "--format", "table {{.Name}} {{.PIDS}} {{.MemUsage}}")
        let rows = all.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(rows.first == "NAME PIDS MEM USAGE / LIMIT")
        #expect(rows.contains("stopped -- -- / --"), "\(all.stdout)")
        let named = try store.berth("stats", "--no-stream", "stopped")
        #expect(named.status == 125)
        #expect(named.stderr.contains("container state improper"), "\(named.stderr)")
        let both = try store.berth("stats", "--all", "small")
        #expect(both.status == 125)
        #expect(both.stderr.contains("--all, --latest and containers cannot be used together"), "\(both.stderr)")
    }
}
