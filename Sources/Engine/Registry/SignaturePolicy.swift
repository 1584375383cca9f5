#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// containers-policy.json(5): which images may be pulled. Berth verifies no
/// signatures, so `insecureAcceptAnything` and `reject` are honoured and a
/// scope that requires a signature (`signedBy`, `sigstoreSigned`, or a
/// requirement type berth does not know) refuses the pull with a message
/// saying so, never accepts it unchecked.
public struct SignaturePolicy: Sendable, Equatable {
    public enum Requirement: Sendable, Equatable {
        case insecureAcceptAnything
        case reject
        /// A signature requirement (its `type`), which berth cannot check.
        case signature(String)
    }

    public var defaultRequirements: [Requirement]
    /// Transport (`docker`, `docker-archive`...) → scope → requirements.
    public var transports: [String: [String: [Requirement]]]

    /// The file Podman reads: `--signature-policy`, else
    /// ~/.config/containers/policy.json for a rootless user who has one,
    /// else /etc/containers/policy.json.
    public static func path(explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if Rootless.isActive, let home = ProcessInfo.processInfo.environment["HOME"],
           FileSystem.exists(home + "/.config/containers/policy.json") {
            return home + "/.config/containers/policy.json"
        }
        return "/etc/containers/policy.json"
    }

    public static func load(explicit: String?) throws -> SignaturePolicy {
        let path = path(explicit: explicit)
        guard FileSystem.exists(path) else {
            throw EngineError(.invalidArgument, "no policy.json file found at \(path)")
        }
        return try parse(try FileSystem.readFile(path), what: path)
    }

    static func parse(_ data: Data, what: String) throws -> SignaturePolicy {
        struct RawRequirement: Decodable { var type: String }
        struct RawPolicy: Decodable {
            var `default`: [RawRequirement]?
            var transports: [String: [String: [RawRequirement]]]?
        }
        let raw: RawPolicy
        do { raw = try JSONDecoder().decode(RawPolicy.self, from: data) } catch {
            throw EngineError(.invalidArgument, "invalid policy in \(what.debugDescription): \(error)")
        }
        guard let defaults = raw.default, !defaults.isEmpty else {
            throw EngineError(.invalidArgument, "invalid policy in \(what.debugDescription): Default policy is missing")
        }
        func convert(_ list: [RawRequirement]) -> [Requirement] {
            list.map { item in
                switch item.type {
                case "insecureAcceptAnything": .insecureAcceptAnything
                case "reject": .reject
                default: .signature(item.type)
                }
            }
        }
        return SignaturePolicy(defaultRequirements: convert(defaults),
                               transports: (raw.transports ?? [:]).mapValues { $0.mapValues(convert) })
    }

    /// The requirements for `reference` in the `docker` transport: the
    /// most specific scope (the reference itself, the repository, each
    /// parent namespace, the host, `*.domain` wildcards), then the
    /// transport's "" scope, then the default.
    func requirements(forDocker reference: ImageReference) -> [Requirement] {
        guard let scopes = transports["docker"] else { return defaultRequirements }
        var candidates: [String] = []
        if reference.digest != nil || reference.tag != nil { candidates.append(reference.description) }
        var repository = reference.repository
        while true {
            candidates.append(repository)
            guard let slash = repository.lastIndex(of: "/") else { break }
            repository = String(repository[..<slash])
        }
        var host = Substring(reference.domain.split(separator: ":")[0])
        while let dot = host.firstIndex(of: ".") {
            candidates.append("*" + host[dot...])
            host = host[host.index(after: dot)...]
        }
        candidates.append("")
        for scope in candidates {
            if let found = scopes[scope] { return found }
        }
        return defaultRequirements
    }

    /// Throws unless every requirement for `reference` accepts it.
    public func check(docker reference: ImageReference) throws {
        try check(requirements(forDocker: reference), image: "docker://" + reference.description)
    }

    /// An archive transport (`docker-archive`, `oci-archive`): its scope is
    /// the file's path, then the transport's "" scope, then the default.
    public func check(transport: String, path: String) throws {
        let scopes = transports[transport] ?? [:]
        try check(scopes[path] ?? scopes[""] ?? defaultRequirements, image: transport + ":" + path)
    }

    private func check(_ requirements: [Requirement], image: String) throws {
        for requirement in requirements {
            switch requirement {
            case .insecureAcceptAnything:
                continue
            case .reject:
                throw EngineError(.invalidArgument, "Source image rejected: Running image \(image) is rejected by policy.")
            case .signature(let type):
                throw EngineError(.invalidArgument, "Source image rejected: policy requires \(type.debugDescription) signatures for \(image); berth does not verify signatures (accept the image with insecureAcceptAnything for this scope in policy.json, or pull it with podman)")
            }
        }
    }
}
