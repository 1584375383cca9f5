/// One resource a start took and a release gives back, recorded in the
/// container's state before it is taken (or in the same transaction, for
/// those counted in the database). `kind` says which step owns it.
public struct HeldResource: Codable, Sendable, Equatable {
    /// One case per step in `Start/`; `HeldResource.Kind.step` maps each to
    /// the code that releases it. A new kind of resource is a case and a step.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The container's root file system (its layer's mount count).
        case rootfs
        /// A named volume's mount count; `name` is the volume.
        case volume
        /// A cgroup the start made; `name` is its path below the cgroup root.
        case cgroup
        /// The OCI runtime's state for the container; `name` is the runtime
        /// binary, `root` its state directory.
        case runtime
        /// The network namespace and what netavark set up in it (addresses,
        /// firewall rules, published ports, aardvark entries); the details
        /// are the state's `network` record.
        case network
        /// The files of mount-type secrets for this run; `name` is their
        /// directory in the bundle.
        case secrets
        /// Rootless pasta networking: `name` is the network namespace's
        /// path (pasta's pid file beside it).
        case pasta
    }

    public var kind: Kind
    public var name: String?
    public var root: String?

    public init(_ kind: Kind, name: String? = nil, root: String? = nil) {
        self.kind = kind
        self.name = name
        self.root = root
    }

    /// How `inspect` and error messages name it: `volume data`, `runtime /usr/bin/runc`.
    public var description: String {
        [kind.rawValue, name].compactMap { $0 }.joined(separator: " ")
    }
}
