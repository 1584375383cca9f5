/// A parsed image name, normalized the way Podman does:
/// `busybox` → `docker.io/library/busybox:latest`, `localhost/x` stays,
/// `name@sha256:...` keeps its digest.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// Registry host with optional port (`docker.io`, `localhost:5000`).
    public var domain: String
    /// Repository path below the domain (`library/busybox`).
    public var path: String
    public var tag: String?
    public var digest: Digest?
    /// Whether the input named no registry (so it may be resolved against
    /// local images by its short name).
    public var wasShortName: Bool

    public var repository: String { domain + "/" + path }

    public var description: String {
        var s = repository
        if let tag { s += ":" + tag }
        if let digest { s += "@" + digest.description }
        return s
    }

    /// Parses `string`. A short name gets `defaultDomain`; on docker.io a
    /// one-component path gets `library/`. With neither tag nor digest the
    /// tag is `latest`.
    public static func parse(_ string: String, defaultDomain: String = "docker.io") throws -> ImageReference {
        func invalid(_ why: String) -> EngineError {
            EngineError.invalid("invalid reference format \(string.debugDescription): \(why)")
        }
        guard !string.isEmpty else { throw invalid("empty name") }
        guard string.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw invalid("names may contain only printable ASCII characters")
        }
        var rest = Substring(string)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            digest = try Digest(parsing: String(rest[rest.index(after: at)...]))
            rest = rest[..<at]
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
            guard isTag(tag!) else { throw invalid("invalid tag \(tag!.debugDescription)") }
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var domain = defaultDomain
        var short = true
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: { $0.isUppercase }) {
            guard isDomain(first) else { throw invalid("invalid registry \(first.debugDescription)") }
            domain = first
            components.removeFirst()
            short = false
        }
        guard !components.isEmpty, components.allSatisfy(isPathComponent) else {
            throw invalid("repository name must be lowercase letters, digits and separators")
        }
        if domain == "docker.io" && components.count == 1 { components.insert("library", at: 0) }
        let path = components.joined(separator: "/")
        guard domain.count + 1 + path.count <= 255 else { throw invalid("name too long") }
        if tag == nil && digest == nil { tag = "latest" }
        return ImageReference(domain: domain, path: path, tag: tag, digest: digest, wasShortName: short)
    }

    /// A name for an image made here (`import`, `tag`): short names go to
    /// `localhost/`, as in Podman.
    public static func parseLocal(_ string: String) throws -> ImageReference {
        try parse(string, defaultDomain: "localhost")
    }

    static func isTag(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard !u.isEmpty, u.count <= 128 else { return false }
        func word(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
        return word(u[0]) && u.dropFirst().allSatisfy { word($0) || $0 == 46 || $0 == 45 }
    }

    /// `[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*`
    static func isPathComponent(_ s: String) -> Bool {
        let u = Array(s.utf8)
        func alnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 97 && c <= 122) }
        guard let first = u.first, let last = u.last, alnum(first), alnum(last) else { return false }
        var i = 0
        while i < u.count {
            if alnum(u[i]) { i += 1; continue }
            var j = i
            while j < u.count && !alnum(u[j]) { j += 1 }
            let sep = String(decoding: u[i..<j], as: UTF8.self)
            guard sep == "." || sep == "_" || sep == "__" || sep.allSatisfy({ $0 == "-" }) else { return false }
            i = j
        }
        return true
    }

    static func isDomain(_ s: String) -> Bool {
        var host = Substring(s)
        if let colon = s.lastIndex(of: ":") {
            let port = s[s.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isNumber) else { return false }
            host = s[..<colon]
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.first != "-" && part.last != "-" &&
                part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
