/// `--detach-keys`: the key sequence on stdin that ends an attached session
/// and leaves the container running. Podman's format: comma-separated keys,
/// each one character or `ctrl-<c>` for `<c>` in a-z, @, [, \, ], ^, _
/// (and `DEL`); "" turns detaching off.
package struct DetachKeys: Sendable, Equatable {
    package static let podmanDefault = "ctrl-p,ctrl-q"

    package var sequence: [UInt8]

    private static let controlNames = ["@"] + (UInt8(ascii: "a")...UInt8(ascii: "z")).map { String(UnicodeScalar($0)) } + ["[", "\\", "]", "^", "_"]

    /// Podman's parsing and its error for a key it does not know.
    package init(_ spec: String) throws {
        sequence = []
        guard !spec.isEmpty else { return }
        for key in spec.split(separator: ",", omittingEmptySubsequences: false) {
            let bytes = Array(key.utf8)
            if bytes.count == 1 {
                sequence.append(bytes[0])
            } else if key.hasPrefix("ctrl-"), let code = Self.controlNames.firstIndex(of: String(key.dropFirst(5))) {
                sequence.append(UInt8(code))
            } else if key == "DEL" {
                sequence.append(127)
            } else {
                throw EngineError.invalid("invalid detach keys: Unknown character: '\(key)'")
            }
        }
    }

    /// Finds the sequence in a stream of input: what to pass on, holding
    /// back a possible start of the sequence until the next bytes tell.
    package struct Matcher {
        let sequence: [UInt8]
        /// Bytes matching the sequence's start, not passed on yet.
        private(set) var held: [UInt8] = []

        package init(_ keys: DetachKeys) { sequence = keys.sequence }

        /// The bytes to pass on, and whether the whole sequence has come
        /// (what follows it is dropped).
        package mutating func feed<C: Collection>(_ input: C) -> (pass: [UInt8], detach: Bool) where C.Element == UInt8 {
            guard !sequence.isEmpty else { return (Array(input), false) }
            var pass: [UInt8] = []
            var queue = Array(input)[...]
            while let byte = queue.popFirst() {
                if byte == sequence[held.count] {
                    held.append(byte)
                    if held.count == sequence.count { return (pass, true) }
                    continue
                }
                guard !held.isEmpty else {
                    pass.append(byte)
                    continue
                }
                // Not the sequence: its first held byte is input; the rest are looked at again.
                pass.append(held[0])
                queue = (held.dropFirst() + [byte] + queue)[...]
                held = []
            }
            return (pass, false)
        }

        /// At the end of input: what was held back.
        package mutating func flush() -> [UInt8] {
            defer { held = [] }
            return held
        }
    }
}
