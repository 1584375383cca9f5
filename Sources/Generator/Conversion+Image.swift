import UnitParser

/// `.image` and `.artifact` → oneshot services that pull.
extension Conversion {
    static let imageRules = KeyRuleTable([
        KeyRule("Arch", "--arch"), KeyRule("AuthFile", "--authfile"), KeyRule("CertDir", "--cert-dir"),
        KeyRule("Creds", "--creds"), KeyRule("DecryptionKey", "--decryption-key"), KeyRule("OS", "--os"),
        KeyRule("Variant", "--variant"), KeyRule("Retry", "--retry"), KeyRule("RetryDelay", "--retry-delay"),
        KeyRule("Policy", "--policy"), KeyRule("AllTags", "--all-tags", .boolean),
        KeyRule("TLSVerify", "--tls-verify", .boolean),
    ])

    static let artifactRules = KeyRuleTable([
        KeyRule("AuthFile", "--authfile"), KeyRule("CertDir", "--cert-dir"), KeyRule("Creds", "--creds"),
        KeyRule("DecryptionKey", "--decryption-key"), KeyRule("Retry", "--retry"),
        KeyRule("RetryDelay", "--retry-delay"), KeyRule("TLSVerify", "--tls-verify", .boolean),
        KeyRule("Quiet", "--quiet", .boolean),
    ])

    mutating func convertImage() throws(ConversionError) {
        try convertPull(key: "Image", subcommand: "image", rules: Self.imageRules)
    }

    mutating func convertArtifact() throws(ConversionError) {
        try convertPull(key: "Artifact", subcommand: "artifact", rules: Self.artifactRules)
    }

    /// `ENGINE SUBCOMMAND pull [flags] NAME` as a oneshot that stays active.
    private mutating func convertPull(key: String, subcommand: String, rules: KeyRuleTable) throws(ConversionError) {
        guard let name = source.lookupNonEmpty(key, in: group) else {
            throw ConversionError("no \(key) key specified")
        }
        var pull = baseCommand()
        pull.add(subcommand, "pull")
        apply(rules, to: &pull)
        addPodmanArgs(to: &pull)
        pull.add(name)
        service.addCommandLine("ExecStart", pull.words, in: "Service")
        makeOneshot(remainAfterExit: true)
    }
}
