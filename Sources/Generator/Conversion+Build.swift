import UnitParser

/// `.build` → a oneshot service running `build` with the unit's tags.
extension Conversion {
    static let buildRules = KeyRuleTable([
        KeyRule("Arch", "--arch"), KeyRule("AuthFile", "--authfile"), KeyRule("Target", "--target"),
        KeyRule("Variant", "--variant"), KeyRule("Retry", "--retry"), KeyRule("RetryDelay", "--retry-delay"),
        KeyRule("IgnoreFile", "--ignorefile"),
        KeyRule("TLSVerify", "--tls-verify", .boolean), KeyRule("ForceRM", "--force-rm", .boolean),
        KeyRule("DNS", "--dns", .everyValue), KeyRule("DNSOption", "--dns-option", .everyValue),
        KeyRule("DNSSearch", "--dns-search", .everyValue), KeyRule("GroupAdd", "--group-add", .everyValue),
        KeyRule("ImageTag", "--tag", .everyValue),
        KeyRule("Environment", "--env", .assignments), KeyRule("Label", "--label", .assignments),
        KeyRule("Annotation", "--annotation", .assignments), KeyRule("BuildArg", "--build-arg", .assignments),
    ])

    mutating func convertBuild() throws(ConversionError) {
        guard !info.resourceName.isEmpty else { throw ConversionError("no ImageTag key specified") }
        var build = baseCommand()
        build.add("build")
        if let pull = source.lookupNonEmpty("Pull", in: group) { build.add("--pull=" + pull) }
        apply(Self.buildRules, to: &build)
        try addNetworks(to: &build)
        for secret in source.lookupAllArgs("Secret", in: group) { build.add("--secret", secret) }
        try addVolumes(to: &build)

        let context = try setWorkingDirectory()
        let workingDirectory = service.lookup("WorkingDirectory", in: "Service") ?? ""
        let file = source.lookup("File", in: group) ?? ""
        if workingDirectory.isEmpty && file.isEmpty && context.isEmpty {
            throw ConversionError("neither SetWorkingDirectory, nor File key specified")
        }
        if !file.isEmpty { build.add("--file", file) }
        addPodmanArgs(to: &build)
        if !context.isEmpty {
            build.add(context)
        } else if !Paths.isAbsolute(file) && !Self.isURL(file) && !Self.startsWithSpecifier(file) {
            guard !workingDirectory.isEmpty else {
                throw ConversionError("relative path in File key requires SetWorkingDirectory key to be set", at: location(of: "File"))
            }
            build.add(workingDirectory)
        }
        service.addCommandLine("ExecStart", build.words, in: "Service")
        makeOneshot(remainAfterExit: false)
    }
}
