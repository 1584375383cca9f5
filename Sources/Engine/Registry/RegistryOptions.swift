/// How to talk to registries: TLS, credentials, retries (the flags pull,
/// push and login share).
public struct RegistryOptions: Sendable {
    public var tls = TLSOptions()
    /// `--creds`: used instead of auth.json.
    public var credentials: RegistryCredentials?
    /// `--authfile`.
    public var authFile: String?
    /// `--retry`: how often a dropped connection is retried.
    public var retries = 3
    /// `--retry-delay` in seconds (Podman's default: 1 s).
    public var retryDelay: Double = 1
    /// Where the insecure registries found to speak plain HTTP are noted
    /// (the store's run root: forgotten at reboot), so the next call to
    /// one skips the https attempt; nil: always try https first.
    public var plainHTTPNotes: String?

    public init() {}
}
