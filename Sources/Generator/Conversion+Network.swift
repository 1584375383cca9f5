import UnitParser

/// `.network` → a oneshot service running `network create --ignore`.
extension Conversion {
    static let networkRules = KeyRuleTable([
        KeyRule("DisableDNS", "--disable-dns", .boolean), KeyRule("Internal", "--internal", .boolean),
        KeyRule("IPv6", "--ipv6", .boolean), KeyRule("Driver", "--driver"), KeyRule("IPAMDriver", "--ipam-driver"),
        KeyRule("InterfaceName", "--interface-name"), KeyRule("DNS", "--dns", .everyValue),
    ])

    static let networkAssignmentRules = KeyRuleTable([
        KeyRule("Options", "--opt", .assignments), KeyRule("Label", "--label", .assignments),
    ])

    mutating func convertNetwork() throws(ConversionError) {
        let name = info.resourceName
        if source.lookupBoolean("NetworkDeleteOnStop", in: group, default: false) {
            var remove = baseCommand()
            remove.add("network", "rm", name)
            service.addCommandLine("ExecStopPost", remove.words, in: "Service")
        }
        var create = baseCommand()
        create.add("network", "create", "--ignore")
        apply(Self.networkRules, to: &create)

        let subnets = source.lookupAll("Subnet", in: group)
        let gateways = source.lookupAll("Gateway", in: group)
        let ranges = source.lookupAll("IPRange", in: group)
        if !subnets.isEmpty {
            if gateways.count > subnets.count {
                throw ConversionError("cannot set more gateways than subnets", at: location(of: "Gateway"))
            }
            if ranges.count > subnets.count {
                throw ConversionError("cannot set more ranges than subnets", at: location(of: "IPRange"))
            }
            for (index, subnet) in subnets.enumerated() {
                create.add("--subnet", subnet)
                if index < gateways.count { create.add("--gateway", gateways[index]) }
                if index < ranges.count { create.add("--ip-range", ranges[index]) }
            }
        } else if !ranges.isEmpty || !gateways.isEmpty {
            throw ConversionError("cannot set gateway or range without subnet", at: location(of: "Gateway") ?? location(of: "IPRange"))
        }
        apply(Self.networkAssignmentRules, to: &create)
        addPodmanArgs(to: &create)
        create.add(name)
        service.addCommandLine("ExecStart", create.words, in: "Service")
        makeOneshot(remainAfterExit: true)
    }
}
