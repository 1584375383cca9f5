import Foundation
import GRDB
import Testing
@testable import Engine

/// Stored records read across versions: frozen samples of the records
/// berth wrote before they were versioned, records with fields missing or
/// added by a newer berth, and records that cannot be read at all.
@Suite("State: versioned records")
struct StateRecordTests {
    static func fixture(_ name: String) throws -> Data {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        return try Data(contentsOf: dir.appendingPathComponent(name))
    }

    static func record(config: Data?) -> ContainerRecord {
        ContainerRecord(id: String(repeating: "ab", count: 32), name: "web", imageId: nil, layerId: nil, created: 1_764_754_200, config: config)
    }

    @Test("a container configuration written before schema versions reads whole, as version 0")
    func unversionedConfiguration() throws {
        let config = try JSONDecoder().decode(ContainerConfiguration.self, from: try Self.fixture("container-config-unversioned.json"))
        #expect(config.schemaVersion == 0)
        #expect(config.imageName == "localhost/busybox:latest")
        #expect(config.args == ["sh", "-c", "echo hello; sleep 1000"])
        #expect(config.mounts.map(\.kind) == [.volume, .volume, .bind, .tmpfs])
        #expect(config.mounts[1].anonymous == true && config.mounts[0].anonymous == nil)
        #expect(config.memoryLimit == 67_108_864 && config.pidsLimit == 2048)
        #expect(config.cgroupsMode == .split && config.sdNotify == .conmon)
        #expect(config.health?.onFailure == .kill && config.health?.retries == 3)
        #expect(config.addHosts == ["db:10.0.0.5"] && config.dnsServers == nil)
    }

    @Test("a configuration from a newer berth: unknown fields are ignored, missing ones take their defaults")
    func newerConfiguration() throws {
        let config = try JSONDecoder().decode(ContainerConfiguration.self, from: try Self.fixture("container-config-from-newer-berth.json"))
        #expect(config.schemaVersion == 7)
        #expect(config.args == ["true"] && config.logDriver == .journald)
        #expect(config.stopSignal == 15 && config.stopTimeout == 10 && config.readOnlyTmpfs == true)
        #expect(config.mounts.isEmpty && config.env.isEmpty && config.cgroupsMode == .enabled)
    }

    @Test("a new configuration is written with the current schema version and reads back equal")
    func roundTrip() throws {
        var config = try JSONDecoder().decode(ContainerConfiguration.self, from: try Self.fixture("container-config-unversioned.json"))
        config.schemaVersion = ContainerConfiguration.currentSchemaVersion
        let data = try JSONEncoder().encode(config)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == ContainerConfiguration.currentSchemaVersion)
        let again = try JSONDecoder().decode(ContainerConfiguration.self, from: data)
        #expect(again.args == config.args && again.mounts == config.mounts && again.labels == config.labels)
    }

    @Test("a running container's state from before the held list reads as that list, in the order its start took them")
    func unversionedRunningState() throws {
        let state = try JSONDecoder().decode(ContainerRunState.self, from: try Self.fixture("container-state-unversioned.json"))
        #expect(state.schemaVersion == 0)
        #expect(state.status == .running && state.pid == 41822 && state.monitorPid == 41815)
        #expect(state.held == [
            HeldResource(.rootfs),
            HeldResource(.volume, name: "data"),
            HeldResource(.volume, name: "0f3c9a55d1e24b6f8a7c2e1d9b4f6a3c0f3c9a55d1e24b6f8a7c2e1d9b4f6a3c"),
            HeldResource(.runtime, name: "/usr/sbin/runc", root: "/run/berth/runc"),
        ])
        #expect(state.heldRuntime?.path == "/usr/sbin/runc" && state.heldRuntime?.stateRoot == "/run/berth/runc")
        #expect(state.boot == nil, "released as recorded, never dropped as from another boot")

        let written = try JSONEncoder().encode(state)
        let object = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == ContainerRunState.currentSchemaVersion)
        #expect(object["rootfsMounted"] == nil && object["mountedVolumes"] == nil)
        #expect(try JSONDecoder().decode(ContainerRunState.self, from: written).held == state.held)
    }

    @Test("an exited container's old state holds nothing")
    func unversionedExitedState() throws {
        let state = try JSONDecoder().decode(ContainerRunState.self, from: try Self.fixture("container-state-exited-unversioned.json"))
        #expect(state.status == .exited && state.exitCode == 3 && state.finishedAt == 1_764_754_299.25)
        #expect(state.held.isEmpty)
    }

    @Test("an empty state object reads as a created container")
    func emptyState() throws {
        let state = try JSONDecoder().decode(ContainerRunState.self, from: Data("{}".utf8))
        #expect(state.status == .created && state.held.isEmpty && state.exitCode == 0)
    }

    @Test("a record that cannot be decoded is kept, says which field is wrong, and refuses all but removal")
    func unreadableRecord() throws {
        let c = Container(record: Self.record(config: Data(#"{"args": "not a list"}"#.utf8)), stateData: Data(#"{"status":"running"}"#.utf8))
        let why = try #require(c.unreadable)
        #expect(why.contains("configuration") && why.contains("args"), "\(why)")
        #expect(c.stateReadable && c.state.status == .running)
        #expect(c.humanStatus() == "Unreadable record (see inspect)")
        #expect(c.statusWord == "unreadable")
        #expect(throws: EngineError.self) { try c.requireReadable("start") }
        do {
            try c.requireReadable("start")
        } catch let error as EngineError {
            #expect(error.message.contains("rm -f") && error.message.contains(c.id))
        }
    }

    @Test("a state that cannot be decoded is reported as such")
    func unreadableState() throws {
        let config = try Self.fixture("container-config-unversioned.json")
        let c = Container(record: Self.record(config: config), stateData: Data(#"{"status":"frozen-solid"}"#.utf8))
        let why = try #require(c.unreadable)
        #expect(why.hasPrefix("state: ") && why.contains("status"), "\(why)")
        #expect(!c.stateReadable)
        #expect(Container(record: Self.record(config: nil), stateData: nil).unreadable == "configuration: none stored")
    }

    @Test("a held list as a start stores it reads back in order; an unknown kind makes the state unreadable, not empty")
    func heldListRecord() throws {
        let stored = #"{"schemaVersion":1,"status":"running","boot":"50121baf","held":[{"kind":"rootfs"},{"kind":"volume","name":"data"},{"kind":"cgroup","name":"\/berth\/berth-c505"},{"root":"\/run\/berth\/runc","kind":"runtime","name":"\/usr\/sbin\/runc"}]}"#
        let state = try JSONDecoder().decode(ContainerRunState.self, from: Data(stored.utf8))
        #expect(state.held.map(\.description) == ["rootfs", "volume data", "cgroup /berth/berth-c505", "runtime /usr/sbin/runc"])
        #expect(state.boot == "50121baf" && state.heldRuntime?.stateRoot == "/run/berth/runc")

        let newer = #"{"status":"running","held":[{"kind":"rootfs"},{"kind":"netns","name":"/run/netns/x"}]}"#
        let c = Container(record: Self.record(config: try Self.fixture("container-config-unversioned.json")), stateData: Data(newer.utf8))
        #expect(!c.stateReadable && c.unreadable?.contains("held") == true, "\(c.unreadable ?? "")")
    }

    /// A store whose database is the frozen one, in a fresh directory.
    static func frozenStore(_ tag: String) throws -> TestStore {
        let store = TestStore(tag)
        try FileSystem.makeDirectories(store.root)
        let sql = String(decoding: try fixture("berth-db-v2.sql"), as: UTF8.self)
        let queue = try DatabaseQueue(path: store.root + "/berth.db")
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        return store
    }

    @Test("a database written before records were versioned opens, and its image, layer, volume and container rows read")
    func frozenDatabase() throws {
        let store = try Self.frozenStore("frozen-db")
        let opened = try store.open()
        #expect(opened.driver == .overlay)
        let images = try opened.images.list()
        #expect(images.map(\.names) == [["localhost/bb:latest"]])
        let top = try #require(images.first?.record.topLayer)
        let chain = try opened.database.read { db in try opened.layers.chain(top, db: db) }
        #expect(chain.count == 1 && chain[0].diffId == "sha256:" + top && chain[0].size == 1_996_800)
        let volumes = try opened.volumes.list()
        #expect(volumes.map(\.name) == ["data"] && volumes[0].mountCount == 0)
        let containers = try opened.containerManager().loadAll()
        #expect(containers.count == 1)
        let web = try #require(containers.first)
        #expect(web.name == "web" && web.unreadable == nil)
        #expect(web.config.schemaVersion == 0 && web.state.status == .exited && web.state.exitCode == 3)
        #expect(web.humanStatus(now: 1_764_754_299.25 + 120) == "Exited (3) 2 minutes ago")
    }

    @Test("a database from a newer berth (more migrations than this one knows) is refused, not migrated back")
    func newerDatabase() throws {
        let store = try Self.frozenStore("newer-db")
        let queue = try DatabaseQueue(path: store.root + "/berth.db")
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 9") }
        #expect {
            _ = try store.open()
        } throws: { error in
            (error as? EngineError)?.message.contains("newer berth") == true
        }
    }
}
