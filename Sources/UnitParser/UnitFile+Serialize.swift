/// Writing a unit back out.
extension UnitFile {
    /// The file's text: groups separated by one blank line, comments where
    /// they stood, values as stored.
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The file's text as UTF-8, built in one buffer of the exact size
    /// (what the generator writes).
    public var bytes: [UInt8] {
        var size = 0
        for (index, group) in groups.enumerated() {
            if index != 0 { size += 1 }
            for comment in group.comments { size += comment.value.utf8.count + 1 }
            if group.name.isEmpty { continue }
            size += group.name.utf8.count + 3
            for line in group.lines {
                if !line.isComment { size += line.key.utf8.count + 1 }
                size += line.value.utf8.count + 1
            }
        }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var writer = ByteWriter(buffer: buffer)
            for (index, group) in groups.enumerated() {
                if index != 0 { writer.put(0x0A) }
                for comment in group.comments {
                    writer.put(comment.value)
                    writer.put(0x0A)
                }
                if group.name.isEmpty { continue }
                writer.put(UInt8(ascii: "["))
                writer.put(group.name)
                writer.put(UInt8(ascii: "]"))
                writer.put(0x0A)
                for line in group.lines {
                    if !line.isComment {
                        writer.put(line.key)
                        writer.put(UInt8(ascii: "="))
                    }
                    writer.put(line.value)
                    writer.put(0x0A)
                }
            }
            count = writer.offset
        }
    }
}

/// Fills a buffer sized beforehand.
private struct ByteWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var offset = 0

    mutating func put(_ byte: UInt8) {
        buffer[offset] = byte
        offset += 1
    }

    mutating func put(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let source = bytes.baseAddress else { return }
            (buffer.baseAddress! + offset).update(from: source, count: bytes.count)
            offset += bytes.count
        }
    }
}
