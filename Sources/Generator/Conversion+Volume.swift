import UnitParser

/// `.volume` → a oneshot service running `volume create --ignore`.
extension Conversion {
    static let volumeAssignmentRules = KeyRuleTable([KeyRule("Label", "--label", .assignments)])

    mutating func convertVolume() throws(ConversionError) {
        let name = info.resourceName
        var create = baseCommand()
        create.add("volume", "create", "--ignore")
        let driver = source.lookup("Driver", in: group)
        if let driver { create.add("--driver", driver) }

        var mountOptions: [String] = []
        if driver == "image" {
            guard let image = source.lookup("Image", in: group) else {
                throw ConversionError("the key Image is mandatory when using the image driver", at: location(of: "Driver"))
            }
            create.add("--opt", "image=" + (try imageSource(image)))
        } else {
            if source.hasKey("User", in: group) {
                mountOptions.append("uid=\(source.lookupUInt32("User", in: group, default: 0))")
            }
            if source.hasKey("Group", in: group) {
                mountOptions.append("gid=\(source.lookupUInt32("Group", in: group, default: 0))")
            }
            if let copy = source.lookupBoolean("Copy", in: group) {
                create.add("--opt", copy ? "copy" : "nocopy")
            }
            let device = source.lookupNonEmpty("Device", in: group)
            if let device { create.add("--opt", "device=" + device) }
            if let type = source.lookupNonEmpty("Type", in: group) {
                guard let device else {
                    throw ConversionError("key Type can't be used without Device", at: location(of: "Type"))
                }
                create.add("--opt", "type=" + type)
                if type == "bind" {
                    service.add("RequiresMountsFor", device, in: "Unit")
                }
            }
            if let options = source.lookupNonEmpty("Options", in: group) {
                guard device != nil else {
                    throw ConversionError("key Options can't be used without Device", at: location(of: "Options"))
                }
                mountOptions.append(options)
            }
            if !mountOptions.isEmpty {
                create.add("--opt", "o=" + mountOptions.joined(separator: ","))
            }
        }
        apply(Self.volumeAssignmentRules, to: &create)
        addPodmanArgs(to: &create)
        create.add(name)
        service.addCommandLine("ExecStart", create.words, in: "Service")
        makeOneshot(remainAfterExit: true)
    }
}
