/// Just enough of image-reference syntax to warn about short names.
enum ImageName {
    /// A 64-hex-digit ID, `sha256:...`, or a name whose first part is a
    /// registry (has a dot or port, or is `localhost`).
    static func isFullyQualified(_ name: String) -> Bool {
        if name.hasPrefix("sha256:") { return true }
        if name.count == 64 && name.allSatisfy(\.isHexDigit) { return true }
        guard let slash = name.firstIndex(of: "/") else { return false }
        let domain = name[..<slash]
        return domain.contains(".") || domain.contains(":") || domain == "localhost"
    }
}
