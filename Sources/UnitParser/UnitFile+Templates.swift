/// Template names (`foo@bar.container`) and drop-in directories.
extension UnitFile {
    /// The name's extension with its dot (`.container`), or "" when none.
    public static func fileExtension(of name: String) -> String {
        guard let dot = name.lastIndex(ofByte: UInt8(ascii: ".")), dot != name.startIndex else { return "" }
        return String(name[dot...])
    }

    /// The name without its extension.
    public static func removingExtension(of name: String) -> String {
        guard let dot = name.lastIndex(ofByte: UInt8(ascii: ".")), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// For `foo@bar.container`: ("foo", "bar", true); `foo@.container`:
    /// ("foo", "", true); `foo.container`: ("foo", "", false).
    public var templateParts: (base: String, instance: String, isTemplate: Bool) {
        let stem = Self.removingExtension(of: filename)
        guard let at = stem.firstIndex(ofByte: UInt8(ascii: "@")) else { return (stem, "", false) }
        return (String(stem[..<at]), String(stem[stem.index(after: at)...]), true)
    }

    /// Drop-in directory names to search, most specific first:
    /// `a-b@c.container.d`, `a-b@.container.d`, `a-@.container.d`,
    /// `a-.container.d`, `container.d`.
    public var dropInDirectoryNames: [String] {
        let (base, instance, isTemplate) = templateParts
        let ext = Self.fileExtension(of: filename)
        let dropInExtension = ext + ".d"
        var broadFirst = [String(dropInExtension.dropFirst())]
        let parts = base.split(byte: UInt8(ascii: "-"))
        if parts.count > 1 {
            for count in 1..<parts.count {
                let prefix = parts[..<count].joined(separator: "-") + "-"
                broadFirst.append(prefix + dropInExtension)
                if isTemplate {
                    broadFirst.append(prefix + "@" + dropInExtension)
                }
            }
        }
        if !instance.isEmpty {
            broadFirst.append(base + "@" + dropInExtension)
        }
        broadFirst.append(filename + ".d")
        return broadFirst.reversed()
    }
}
