extension RegistriesConfig.Registry {
    /// Where to fetch `reference` from, in order: each mirror, then the
    /// location (the prefix replaced by it), each with its `insecure`
    /// unless `--tls-verify` was given.
    func sources(for reference: ImageReference, options: RegistryOptions) throws -> [(ImageReference, RegistryOptions)] {
        let prefix = match
        func rewritten(_ location: String, insecure: Bool?) throws -> (ImageReference, RegistryOptions) {
            var target = reference
            if !prefix.hasPrefix("*."), location != prefix {
                let rest = reference.repository.dropFirst(prefix.count)
                let parsed = try ImageReference.parse(location + rest, defaultDomain: reference.domain)
                target.domain = parsed.domain
                target.path = parsed.path
            }
            var adjusted = options
            if adjusted.tls.verify == nil, insecure == true { adjusted.tls.verify = false }
            return (target, adjusted)
        }
        var sources = try (mirror ?? []).map { try rewritten($0.location, insecure: $0.insecure) }
        sources.append(try rewritten(location ?? prefix, insecure: insecure))
        return sources
    }
}
