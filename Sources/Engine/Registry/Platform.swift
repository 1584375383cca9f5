/// An image's platform (`linux/arm64/v8`): what `--platform`, `--os`,
/// `--arch` and `--variant` choose from a manifest list.
public struct Platform: Sendable, Equatable, Codable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    public var variant: String?

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// This machine's platform.
    public static var host: Platform {
        Platform(os: "linux", architecture: ImageStore.hostArchitecture, variant: nil)
    }

    /// `--platform OS/ARCH[/VARIANT]` (any part may be left out, meaning the host's),
    /// then `--os`, `--arch`, `--variant` over it.
    public init(platform: String?, os: String?, arch: String?, variant: String?) throws {
        self = .host
        if let platform, !platform.isEmpty {
            let parts = platform.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard (1...3).contains(parts.count), !parts.contains(where: \.isEmpty) else {
                throw EngineError.invalid("invalid platform \(platform.debugDescription): use OS/ARCH[/VARIANT]")
            }
            self.os = parts[0]
            if parts.count > 1 { architecture = parts[1] }
            if parts.count > 2 { self.variant = parts[2] }
        }
        if let os, !os.isEmpty { self.os = os }
        if let arch, !arch.isEmpty { architecture = arch }
        if let variant, !variant.isEmpty { self.variant = variant }
    }

    public var description: String {
        os + "/" + architecture + (variant.map { "/" + $0 } ?? "")
    }

    /// Whether an entry of a manifest list serves this platform. A variant
    /// asked for must match; none asked for takes any (arm64's `v8` and
    /// unmarked entries first, by the caller's ordering).
    func accepts(_ other: Platform) -> Bool {
        guard os == other.os, architecture == other.architecture else { return false }
        guard let variant else { return true }
        if variant == other.variant { return true }
        return architecture == "arm64" && variant == "v8" && other.variant == nil
    }
}
