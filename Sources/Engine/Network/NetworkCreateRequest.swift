/// What `network create` (or a `.network` unit) asks for, before
/// validation and allocation turn it into a `NetworkConfig`.
public struct NetworkCreateRequest: Sendable {
    public enum Driver: String, Sendable, CaseIterable {
        case bridge, macvlan, ipvlan
    }

    /// nil: the next free `berthN` name (Podman names them `podmanN`).
    public var name: String?
    public var driver: Driver = .bridge
    /// `--subnet`, `--gateway`, `--ip-range`: gateways and ranges pair with subnets by position.
    public var subnets: [String] = []
    public var gateways: [String] = []
    public var ipRanges: [String] = []
    public var isInternal = false
    public var ipv6 = false
    public var disableDNS = false
    public var dnsServers: [String] = []
    public var interfaceName: String?
    public var options: [String: String] = [:]
    public var labels: [String: String] = [:]
    /// `--ipam-driver`: only `host-local` (Berth assigns the addresses) so far.
    public var ipamDriver: String?
    /// `--ignore`: an existing network of that name is the answer.
    public var ignoreExisting = false

    public init() {}
}
