import Foundation
import Testing

/// `berth quadlet status` under a real systemd: a container unit ordered
/// after a slow plain unit shows where its start went.
@Suite("System: berth quadlet status", .enabled(if: SystemTestSupport.canBoot, SystemTestSupport.reason))
struct QuadletStatusTests {
    @Test("each Quadlet unit with its source, state and container; the unit that waited on a slow one names it; times in order")
    func status() throws {
        let box = try QuadletTests.shared.get()
        try box.writeQuadlet("slowdep.service", "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sleep 1\n", in: "/etc/systemd/system")
        try box.writeQuadlet("statusdata.volume", "[Volume]\n")
        try box.writeQuadlet("waiter.container", """
            [Unit]
            Requires=slowdep.service
            After=slowdep.service

            [Container]
            Image=\(SharedBox.image)
            Exec=sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'
            Network=none
            Volume=statusdata.volume:/data
            """)
        try box.reload()
        #expect(try box.exec("systemctl", "start", "waiter.service").status == 0)

        let json = try box.berth("quadlet", "status", "--format", "json")
        try #require(json.status == 0, "\(json.stderr)")
        let units = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let waiter = try #require(units.first { $0["Unit"] as? String == "waiter.service" }, "\(json.stdout)")
        #expect(waiter["SourcePath"] as? String == "/etc/containers/systemd/waiter.container")
        #expect(waiter["ActiveState"] as? String == "active")
        #expect(waiter["Container"] as? String == "systemd-waiter")
        #expect(waiter["WaitedFor"] as? String == "slowdep.service", "\(waiter)")
        let times = ["SystemdStarted", "ImageReady", "ContainerStarted", "Ready"].map { waiter[$0] as? String ?? "" }
        #expect(!times.contains(""), "\(waiter)")
        #expect(times == times.sorted(), "systemd's start, image, container, ready: in that order \(times)")
        let volume = units.first { $0["Unit"] as? String == "statusdata-volume.service" }
        #expect(volume?["SourcePath"] as? String == "/etc/containers/systemd/statusdata.volume")
        #expect(!units.contains { $0["Unit"] as? String == "slowdep.service" }, "plain units are not Quadlet's")

        let table = try box.berth("quadlet", "status")
        #expect(table.status == 0)
        let row = table.stdout.split(separator: "\n").first { $0.hasPrefix("waiter.service ") }
        #expect(row?.contains("systemd-waiter") == true && row?.contains("slowdep.service (") == true, "\(table.stdout)")
        #expect(try box.exec("systemctl", "stop", "waiter.service").status == 0)
    }
}
