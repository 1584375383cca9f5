import Foundation

/// What changes while a container lives, stored as JSON in the
/// `container.state` column.
///
/// Versioned and tolerant: every field has a default when missing, unknown
/// fields are ignored, and records written before `held` existed (schema 0:
/// `rootfsMounted`, `mountedVolumes`, `runtimePath`/`runtimeRoot`) are read
/// into the held list in the order those starts took them.
public struct ContainerRunState: Codable, Sendable {
    /// 1: the held list. 0 (no field): the separate fields of before.
    public static let currentSchemaVersion = 1

    public var schemaVersion = ContainerRunState.currentSchemaVersion
    public var status: ContainerStatus = .created
    public var pid: Int32 = 0
    public var monitorPid: Int32 = 0
    public var exitCode: Int32 = 0
    public var startedAt: Double?
    public var finishedAt: Double?
    public var oomKilled = false
    /// What the last start took, in the order it took it; a release gives
    /// it back from the end (see `Start/`).
    public var held: [HeldResource] = []
    /// The run root's boot marker (`Store.bootMarker`) when `held` was
    /// recorded: under another one, the machine rebooted since.
    public var boot: String?
    public var restartCount = 0
    /// The start time of the run `stop` or `kill` ended: no restart policy
    /// brings that run back (a later start is a new run).
    public var userStoppedRun: Double?
    /// The root file system's owners were shifted for the user namespace
    /// (done once: the writable layer keeps them).
    public var rootfsShifted: Bool?
    /// What the `network` held resource set up: the namespace, netavark's
    /// options and the addresses it gave (see NetworkAttachment).
    public var network: NetworkAttachment.Record?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case schemaVersion, status, pid, monitorPid, exitCode, startedAt, finishedAt, oomKilled, held, boot, restartCount, userStoppedRun, rootfsShifted, network
        case rootfsMounted, mountedVolumes, runtimePath, runtimeRoot
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 0
        status = try c.decodeIfPresent(ContainerStatus.self, forKey: .status) ?? .created
        pid = try c.decodeIfPresent(Int32.self, forKey: .pid) ?? 0
        monitorPid = try c.decodeIfPresent(Int32.self, forKey: .monitorPid) ?? 0
        exitCode = try c.decodeIfPresent(Int32.self, forKey: .exitCode) ?? 0
        startedAt = try c.decodeIfPresent(Double.self, forKey: .startedAt)
        finishedAt = try c.decodeIfPresent(Double.self, forKey: .finishedAt)
        oomKilled = try c.decodeIfPresent(Bool.self, forKey: .oomKilled) ?? false
        boot = try c.decodeIfPresent(String.self, forKey: .boot)
        restartCount = try c.decodeIfPresent(Int.self, forKey: .restartCount) ?? 0
        userStoppedRun = try c.decodeIfPresent(Double.self, forKey: .userStoppedRun)
        rootfsShifted = try c.decodeIfPresent(Bool.self, forKey: .rootfsShifted)
        network = try c.decodeIfPresent(NetworkAttachment.Record.self, forKey: .network)
        if let held = try c.decodeIfPresent([HeldResource].self, forKey: .held) {
            self.held = held
        } else {
            if try c.decodeIfPresent(Bool.self, forKey: .rootfsMounted) == true { held.append(HeldResource(.rootfs)) }
            for volume in try c.decodeIfPresent([String].self, forKey: .mountedVolumes) ?? [] {
                held.append(HeldResource(.volume, name: volume))
            }
            if let path = try c.decodeIfPresent(String.self, forKey: .runtimePath),
               let root = try c.decodeIfPresent(String.self, forKey: .runtimeRoot) {
                held.append(HeldResource(.runtime, name: path, root: root))
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.currentSchemaVersion, forKey: .schemaVersion)
        try c.encode(status, forKey: .status)
        try c.encode(pid, forKey: .pid)
        try c.encode(monitorPid, forKey: .monitorPid)
        try c.encode(exitCode, forKey: .exitCode)
        try c.encodeIfPresent(startedAt, forKey: .startedAt)
        try c.encodeIfPresent(finishedAt, forKey: .finishedAt)
        try c.encode(oomKilled, forKey: .oomKilled)
        try c.encode(held, forKey: .held)
        try c.encodeIfPresent(boot, forKey: .boot)
        try c.encode(restartCount, forKey: .restartCount)
        try c.encodeIfPresent(userStoppedRun, forKey: .userStoppedRun)
        try c.encodeIfPresent(rootfsShifted, forKey: .rootfsShifted)
        try c.encodeIfPresent(network, forKey: .network)
    }

    /// The runtime the last start handed the container to, while it holds its state.
    public var heldRuntime: OCIRuntime? {
        held.last { $0.kind == .runtime }.flatMap { r in r.root.map { OCIRuntime(path: r.name ?? "", stateRoot: $0) } }
    }
}
