import Testing
import UnitParser

/// Writing command lines back: what systemd reads must be the words we meant.
@Suite("Command line quoting")
struct EscapeTests {
    @Test(arguments: ["plain", "/usr/bin/berth", "--name=systemd-%N", "%t/%N.pid", "café", "日本", "👍", "a=b,c=d", "$X", "x;y|z&"])
    func ordinaryWordsAreLeftAlone(_ word: String) {
        #expect(!CEscape.wordNeedsEscape(word))
        #expect(CEscape.escapeWords([word]) == word)
    }

    @Test(arguments: [" ", "a b", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "'", "\"", "\\", "\u{01}", "\u{1B}", "\u{7F}", "\u{07}"])
    func specialCharactersNeedQuoting(_ word: String) {
        #expect(CEscape.wordNeedsEscape(word))
        #expect(CEscape.escapeWords([word]).hasPrefix("\""))
    }

    @Test(arguments: [
        ("a b", #""a\x20b""#),
        ("tab\there", #""tab\there""#),
        ("line\nbreak", #""line\nbreak""#),
        ("cr\r", #""cr\r""#),
        ("say \"hi\"", #""say\x20\"hi\"""#),
        ("it's", #""it's""#),
        (#"back\slash"#, #""back\\slash""#),
        ("\u{07}\u{08}\u{0B}\u{0C}", #""\a\b\v\f""#),
        ("\u{01}\u{1F}\u{7F}", #""\x01\x1f\x7f""#),
        ("é b", #""é\x20b""#),
    ])
    func quoteEscapesEachSpecialCharacter(_ word: String, _ quoted: String) {
        #expect(CEscape.quote(word) == quoted)
    }

    @Test func escapeWordsJoinsWithSingleSpaces() {
        #expect(CEscape.escapeWords([]) == "")
        #expect(CEscape.escapeWords(["/usr/bin/berth", "run", "--env", "A=b c", "img"])
            == #"/usr/bin/berth run --env "A=b\x20c" img"#)
        #expect(CEscape.escapeWords(["sh", "-c", "echo 'x' \"y\""]) == #"sh -c "echo\x20'x'\x20\"y\"""#)
    }

    @Test func escapedWordsSplitBackToTheSameWords() throws {
        let words = ["/bin/sh", "-c", "printf '%s\\n' \"$HOME\" | tr a-z A-Z", "tab\tand\nnewline", "\\", "'", "\"", "日本 語"]
        #expect(try WordSplitter.exec.split(CEscape.escapeWords(words)) == words)
    }

    /// Many generated words mixing every kind of character a command line
    /// may hold; escaping and splitting must be inverse operations.
    @Test func escapeThenSplitIsIdentityOverGeneratedWords() throws {
        var random = SplitMix64(seed: 0x5eed_0001)
        var failures: [[String]] = []
        for _ in 0..<3000 {
            let words = random.words(from: Pieces.all)
            let line = CEscape.escapeWords(words)
            if (try? WordSplitter.exec.split(line)) != words {
                failures.append(words)
            }
        }
        #expect(failures.isEmpty, "first failing words: \(failures.prefix(3))")
    }

    /// The same through a unit file: add the command line, write the file,
    /// read it back and split the value.
    @Test func commandLineSurvivesWritingAndReadingTheUnit() throws {
        var random = SplitMix64(seed: 0x5eed_0002)
        var failures: [[String]] = []
        for _ in 0..<1000 {
            let words = random.words(from: Pieces.safeAtLineEdges)
            var unit = UnitFile(filename: "x.service")
            unit.add("Description", "generated", in: "Unit")
            unit.addCommandLine("ExecStart", words, in: "Service")
            let reread = try UnitFile(parsing: unit.text, path: "/tmp/x.service")
            if (try? reread.lookupLastArgs("ExecStart", in: "Service")) != words {
                failures.append(words)
            }
        }
        #expect(failures.isEmpty, "first failing words: \(failures.prefix(3))")
    }
}

/// Building blocks for generated words.
enum Pieces {
    static let safeAtLineEdges: [String] = [
        "a", "Z", "0", "9", "-", "--", "/", "=", ":", ",", ".", "%", "%h", "$", "${X}", "#", ";", "&", "|", "*",
        " ", "  ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "'", "\"", "\\", "\\\\", "\\n", "\\x41",
        "\u{01}", "\u{07}", "\u{08}", "\u{1B}", "\u{1F}", "\u{7F}",
        "é", "日", "本", "👍", "🇫🇷", "Ω", "\u{E9}",
    ]
    /// Unicode blanks and combining marks too: fine inside a command line,
    /// but a unit file's line trimming (Quadlet's too) eats them at its edges.
    static let all: [String] = safeAtLineEdges + ["\u{A0}", "\u{85}", "\u{2028}", "\u{3000}", "\u{301}", "e\u{301}", "\u{FEFF}"]
}

/// A small deterministic generator, so a failure reproduces.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// One to six non-empty words of one to eight pieces each.
    mutating func words(from pieces: [String]) -> [String] {
        (0...below(6)).map { _ in
            (0...below(8)).map { _ in pieces[below(pieces.count)] }.joined()
        }
    }
}
