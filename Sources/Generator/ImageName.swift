/// Just enough of image-reference syntax to warn about short names.
enum ImageName {
    /// A 64-hex-digit ID, `sha256:...`, or a name whose first part is a
    /// registry (has a dot or port, or is `localhost`).
    static func isFullyQualified(_ name: String) -> Bool {
        let bytes = name.utf8
        if name.hasPrefix("sha256:") { return true }
        if bytes.count == 64 && bytes.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }) {
            return true
        }
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let domain = bytes[..<slash]
        return domain.contains(UInt8(ascii: ".")) || domain.contains(UInt8(ascii: ":")) || domain.elementsEqual("localhost".utf8)
    }
}
