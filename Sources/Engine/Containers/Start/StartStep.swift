import GRDB

/// One step of a container's start: the code that takes one kind of
/// resource and gives it back. A start records each resource in the
/// container's `held` list before it takes it (or in the same transaction,
/// for resources counted in the database); a release walks the list
/// backwards and calls each kind's step, so a start that failed, a berth
/// killed at any point and a normal exit all end the same way.
///
/// A new kind of resource (a network namespace, forwarded ports) is a
/// case of `HeldResource.Kind`, a file here with its step, and the line
/// in `startLocked` that takes it.
protocol StartStep {
    /// Gives `resource` back. Idempotent, and fine with nothing to give
    /// back: a process killed between recording and taking leaves the
    /// record alone. `forget` drops the resource from the container's
    /// record; a step whose resource is counted in the database runs it
    /// in the transaction that uncounts it, the others after the release.
    static func release(_ resource: HeldResource, of c: Container, manager: ContainerManager,
                        forget: (Database) throws -> Void) throws

    /// Whether the resource can outlive a reboot. Those that cannot (mounts,
    /// runtime state, cgroups) are dropped unreleased from a held list made
    /// before the last boot: the store's repair already reset their counts.
    static var outlivesBoot: Bool { get }

    /// Clears what the state keeps about the resource besides its entry in
    /// the held list, in the record saved once it is given back.
    static func forget(_ resource: HeldResource, in state: inout ContainerRunState)
}

extension StartStep {
    static func forget(_ resource: HeldResource, in state: inout ContainerRunState) {}
}

extension HeldResource.Kind {
    /// The step that owns this kind.
    var step: any StartStep.Type {
        switch self {
        case .rootfs: RootfsStep.self
        case .volume: VolumeStep.self
        case .cgroup: CgroupStep.self
        case .runtime: RuntimeStateStep.self
        case .network: NetworkStep.self
        case .secrets: SecretStep.self
        case .pasta: PastaStep.self
        }
    }
}
