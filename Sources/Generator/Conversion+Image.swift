import UnitParser

/// `.image` and `.artifact` → oneshot services that pull.
extension Conversion {
    static let imageRules: [KeyRule] = [
        KeyRule("Arch", "--arch"), KeyRule("AuthFile", "--authfile"), KeyRule("CertDir", "--cert-dir"),
        KeyRule("Creds", "--creds"), KeyRule("DecryptionKey", "--decryption-key"), KeyRule("OS", "--os"),
        KeyRule("Variant", "--variant"), KeyRule("Retry", "--retry"), KeyRule("RetryDelay", "--retry-delay"),
        KeyRule("Policy", "--policy"), KeyRule("AllTags", "--all-tags", .boolean),
        KeyRule("TLSVerify", "--tls-verify", .boolean),
    ]

    static let artifactRules: [KeyRule] = [
        KeyRule("AuthFile", "--authfile"), KeyRule("CertDir", "--cert-dir"), KeyRule("Creds", "--creds"),
        KeyRule("DecryptionKey", "--decryption-key"), KeyRule("Retry", "--retry"),
        KeyRule("RetryDelay", "--retry-delay"), KeyRule("TLSVerify", "--tls-verify", .boolean),
        KeyRule("Quiet", "--quiet", .boolean),
    ]

    mutating func convertImage() throws(ConversionError) {
        guard let image = source.lookupNonEmpty("Image", in: group) else {
            throw ConversionError("no Image key specified")
        }
        var pull = baseCommand()
        pull.add("image", "pull")
        apply(Self.imageRules, to: &pull)
        addPodmanArgs(to: &pull)
        pull.add(image)
        service.addCommandLine("ExecStart", pull.words, in: "Service")
        makeOneshot(remainAfterExit: true)
    }

    mutating func convertArtifact() throws(ConversionError) {
        guard let artifact = source.lookupNonEmpty("Artifact", in: group) else {
            throw ConversionError("no Artifact key specified")
        }
        var pull = baseCommand()
        pull.add("artifact", "pull")
        apply(Self.artifactRules, to: &pull)
        addPodmanArgs(to: &pull)
        pull.add(artifact)
        service.addCommandLine("ExecStart", pull.words, in: "Service")
        makeOneshot(remainAfterExit: true)
    }
}
