/// Splits a value into words the way systemd's `extract_first_word()` does,
/// with the flag combinations Quadlet uses.
public struct WordSplitter: Sendable {
    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Accept unbalanced quotes and a trailing backslash.
        public static let relax = Options(rawValue: 1 << 0)
        /// Decode C escapes (`\n`, `\x41`, `\u00e9`, ...); an unknown one is an error.
        public static let cUnescape = Options(rawValue: 1 << 1)
        /// Quotes group words and are removed.
        public static let unquote = Options(rawValue: 1 << 2)
        /// A backslash is an ordinary character.
        public static let retainEscape = Options(rawValue: 1 << 3)
    }

    public enum SplitError: Error, Sendable, Equatable, CustomStringConvertible {
        case unsupportedEscape
        case unbalancedEscape
        case unbalancedQuotes

        public var description: String {
            switch self {
            case .unsupportedEscape: "unsupported escape char"
            case .unbalancedEscape: "unbalanced escape"
            case .unbalancedQuotes: "unbalanced quotes"
            }
        }
    }

    /// Exec-style: `ExecStart=`, `Exec=`, `PodmanArgs=`, `Environment=`.
    public static let exec = WordSplitter(options: [.relax, .unquote, .cUnescape])
    /// List-style (`config_parse_strv`): `WantedBy=`, `AddDevice=`, ...
    public static let list = WordSplitter(options: [.retainEscape, .unquote])

    public var options: Options

    public init(options: Options) {
        self.options = options
    }

    public func split(_ text: String) throws(SplitError) -> [String] {
        // Every character that matters here is ASCII, so the split runs on
        // UTF-8 bytes; other characters are copied through untouched.
        var words: [String] = []
        var failure: SplitError?
        var text = text
        text.withUTF8 { bytes in
            var position = 0
            do throws(SplitError) {
                while let word = try nextWord(bytes, &position) {
                    words.append(word)
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return words
    }

    private static func isSeparator(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    /// The next word, or nil at the end (systemd also ends at an empty word).
    private func nextWord(_ s: UnsafeBufferPointer<UInt8>, _ p: inout Int) throws(SplitError) -> String? {
        while p < s.count, Self.isSeparator(s[p]) { p += 1 }
        guard p < s.count else { return nil }

        let escapes = !options.contains(.retainEscape)
        let unquote = options.contains(.unquote)
        let backslash = UInt8(ascii: "\\")

        // Most words hold no quote or escape: take those bytes as they stand.
        let start = p
        var end = p
        while end < s.count {
            let c = s[end]
            if Self.isSeparator(c) || (c == backslash && escapes)
                || (unquote && (c == UInt8(ascii: "'") || c == UInt8(ascii: "\""))) { break }
            end += 1
        }
        if end == s.count || Self.isSeparator(s[end]) {
            p = end
            while p < s.count, Self.isSeparator(s[p]) { p += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: s[start..<end]), as: UTF8.self)
        }

        var word = Array(s[start..<end])
        p = end
        var quote: UInt8?

        while p < s.count {
            let c = s[p]
            if c == backslash && escapes {
                p += 1
                guard p < s.count else {
                    if options.contains(.relax) { break }
                    throw .unbalancedEscape
                }
                if options.contains(.cUnescape) {
                    guard let (length, decoded) = CEscape.unescapeOne(s, at: p) else { throw .unsupportedEscape }
                    word.append(contentsOf: String(Character(decoded)).utf8)
                    p += length
                } else {
                    word.append(s[p])
                    p += 1
                }
                continue
            }
            if let open = quote {
                if c == open {
                    quote = nil
                    if !options.contains(.unquote) { word.append(c) }
                } else {
                    word.append(c)
                }
                p += 1
                continue
            }
            if (c == UInt8(ascii: "'") || c == UInt8(ascii: "\"")) && options.contains(.unquote) {
                quote = c
                p += 1
                continue
            }
            if Self.isSeparator(c) {
                while p < s.count, Self.isSeparator(s[p]) { p += 1 }
                break
            }
            word.append(c)
            p += 1
        }
        if quote != nil && !options.contains(.relax) { throw .unbalancedQuotes }
        return word.isEmpty ? nil : String(decoding: word, as: UTF8.self)
    }
}
