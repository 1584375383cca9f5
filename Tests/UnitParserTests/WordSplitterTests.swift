import Testing
import UnitParser

/// `Exec=`/`ExecStart=` values split into words the way systemd and Quadlet do.
@Suite("Exec-style word splitting")
struct ExecSplittingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var words: [String]
        var testDescription: String { input.debugDescription }
    }

    static let cases: [Case] = [
        Case(input: "", words: []),
        Case(input: "   \t  ", words: []),
        Case(input: "a b  c", words: ["a", "b", "c"]),
        Case(input: "  lead and trail \t\n", words: ["lead", "and", "trail"]),
        Case(input: "tab\tnew\nline\rcr", words: ["tab", "new", "line", "cr"]),
        Case(input: #""a b" 'c d'"#, words: ["a b", "c d"]),
        // Quotes may open and close in the middle of a word.
        Case(input: #"--opt="a b"c next"#, words: ["--opt=a bc", "next"]),
        Case(input: #"a'b c'd"e f"g"#, words: ["ab cde fg"]),
        Case(input: #""it's" 'say "hi"'"#, words: ["it's", #"say "hi""#]),
        Case(input: #""a"  "b""#, words: ["a", "b"]),
        Case(input: #"/bin/sh -c "echo 'hello world'""#, words: ["/bin/sh", "-c", "echo 'hello world'"]),
        // Escapes are decoded inside quotes too.
        Case(input: #""col\tumn" 'x\ny'"#, words: ["col\tumn", "x\ny"]),
        Case(input: #"a\sb"#, words: ["a b"]),
        Case(input: #"\"quoted\" \'single\'"#, words: [#""quoted""#, "'single'"]),
        Case(input: #"back\\slash"#, words: [#"back\slash"#]),
        // Relaxed: a trailing backslash is dropped, an open quote runs to the end.
        Case(input: #"abc\"#, words: ["abc"]),
        Case(input: #"one "two three"#, words: ["one", "two three"]),
        // An empty word ends the split, as Quadlet's splitter does.
        Case(input: #"a "" b"#, words: ["a"]),
        Case(input: "'' b c", words: []),
        Case(input: #"a b """#, words: ["a", "b"]),
        // Specifiers and shell syntax are not touched.
        Case(input: "%h/data $HOME ${X} ; | &&", words: ["%h/data", "$HOME", "${X}", ";", "|", "&&"]),
        Case(input: "日本 café 👍", words: ["日本", "café", "👍"]),
    ]

    @Test(arguments: cases)
    func splits(_ testCase: Case) throws {
        #expect(try WordSplitter.exec.split(testCase.input) == testCase.words)
    }

    @Test(arguments: [
        (#"\a"#, "\u{07}"), (#"\b"#, "\u{08}"), (#"\f"#, "\u{0C}"), (#"\n"#, "\n"), (#"\r"#, "\r"),
        (#"\t"#, "\t"), (#"\v"#, "\u{0B}"), (#"\\"#, "\\"), (#"\""#, "\""), (#"\'"#, "'"), (#"\s"#, " "),
        (#"\x41"#, "A"), (#"\x7e"#, "~"), (#"\x7F"#, "\u{7F}"), (#"\xe9"#, "\u{E9}"), (#"\x01"#, "\u{01}"),
        (#"\u00e9"#, "é"), (#"\u65E5"#, "日"), (#"\u0041"#, "A"),
        (#"\U0001F44D"#, "👍"), (#"\U00000041"#, "A"), (#"\U0010FFFF"#, "\u{10FFFF}"),
        (#"\101"#, "A"), (#"\351"#, "\u{E9}"), (#"\001"#, "\u{01}"), (#"\377"#, "\u{FF}"), (#"\040"#, " "),
    ])
    func everyCEscape(_ escaped: String, _ decoded: String) throws {
        #expect(try WordSplitter.exec.split("<" + escaped + ">") == ["<" + decoded + ">"])
        // Digits after a complete escape are ordinary characters.
        #expect(try WordSplitter.exec.split(escaped + "9") == [decoded + "9"])
    }

    @Test(arguments: [
        #"\ x"#, #"\q"#, #"\z"#, #"\8"#, #"\9"#, #"\c"#, #"\e"#, #"\?"#, #"\X41"#,
        #"\x"#, #"\x4"#, #"\xZZ"#, #"\x4g"#, #"\x00"#,
        #"\u"#, #"\u12"#, #"\u00e"#, #"\u0000"#, #"\uD800"#, #"\uDFFF"#, #"\u12G4"#,
        #"\U0001F44"#, #"\U00000000"#, #"\U00110000"#, #"\UFFFFFFFF"#,
        #"\0"#, #"\01"#, #"\000"#, #"\400"#, #"\777"#, #"\18"#,
    ])
    func unknownOrInvalidEscapeIsAnError(_ escaped: String) {
        #expect(throws: WordSplitter.SplitError.unsupportedEscape) {
            _ = try WordSplitter.exec.split("/bin/echo ok " + escaped)
        }
    }

    @Test func invalidEscapeInsideQuotesIsAnErrorToo() {
        #expect(throws: WordSplitter.SplitError.unsupportedEscape) {
            _ = try WordSplitter.exec.split(#""hello \q""#)
        }
    }

    @Test func errorsDescribeThemselves() {
        #expect(WordSplitter.SplitError.unsupportedEscape.description == "unsupported escape char")
        #expect(WordSplitter.SplitError.unbalancedQuotes.description == "unbalanced quotes")
        #expect(WordSplitter.SplitError.unbalancedEscape.description == "unbalanced escape")
    }
}

/// List-style splitting (`WantedBy=`, `Alias=`, `AddDevice=`): quotes group,
/// backslashes stay as written.
@Suite("List-style word splitting")
struct ListSplittingTests {
    @Test func quotesGroupAndBackslashesStay() throws {
        #expect(try WordSplitter.list.split(#"a.target "b c.target" 'd'"#) == ["a.target", "b c.target", "d"])
        #expect(try WordSplitter.list.split(#"C:\dir a\tb \x41"#) == [#"C:\dir"#, #"a\tb"#, #"\x41"#])
        #expect(try WordSplitter.list.split(#"x\ y"#) == [#"x\"#, "y"])
    }

    @Test func unbalancedQuoteIsAnError() {
        #expect(throws: WordSplitter.SplitError.unbalancedQuotes) {
            _ = try WordSplitter.list.split(#"a "b"#)
        }
    }

    @Test func strictSplitterRefusesTrailingBackslash() {
        let strict = WordSplitter(options: [.cUnescape, .unquote])
        #expect(throws: WordSplitter.SplitError.unbalancedEscape) {
            _ = try strict.split(#"abc\"#)
        }
        #expect(throws: WordSplitter.SplitError.unbalancedQuotes) {
            _ = try strict.split(#"'abc"#)
        }
    }

    @Test func withoutUnquoteQuotesAreOrdinary() throws {
        let plain = WordSplitter(options: [.relax])
        #expect(try plain.split(#""a b" c"#) == [#""a"#, #"b""#, "c"])
        // No C unescaping: the escaped letter is taken as it is.
        #expect(try plain.split(#"a\tb"#) == ["atb"])
    }
}
