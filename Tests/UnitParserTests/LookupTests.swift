import Testing
import UnitParser

@Suite("Unit file lookups")
struct LookupTests {
    private func unit(_ lines: String...) throws -> UnitFile {
        try UnitFile(parsing: "[G]\n" + lines.joined(separator: "\n") + "\n", path: "/u/test.container")
    }

    @Test(arguments: [
        ("1", true), ("yes", true), ("YES", true), ("true", true), ("True", true), ("on", true), ("ON", true),
        ("\"yes\"", true), ("0", false), ("no", false), ("false", false), ("off", false), ("y", false),
        ("", false), ("2", false), ("enabled", false),
    ])
    func booleans(_ value: String, _ expected: Bool) throws {
        let file = try unit("B=" + value)
        #expect(file.lookupBoolean("B", in: "G") == expected)
        #expect(file.lookupBoolean("B", in: "G", default: !expected) == expected)
    }

    @Test func missingBooleanUsesDefault() throws {
        let file = try unit("Other=1")
        #expect(file.lookupBoolean("B", in: "G") == nil)
        #expect(file.lookupBoolean("B", in: "G", default: true))
        #expect(!file.lookupBoolean("B", in: "G", default: false))
    }

    @Test func lastBooleanWins() throws {
        let file = try unit("B=yes", "B=no")
        #expect(file.lookupBoolean("B", in: "G") == false)
    }

    @Test(arguments: [
        ("42", Int64(42)), ("+42", 42), ("-42", -42), ("0x1F", 31), ("0X1f", 31), ("010", 8), ("0", 0),
        ("-0x10", -16), ("9223372036854775807", Int64.max),
    ])
    func integersReadLikeStrtol(_ text: String, _ expected: Int64) throws {
        #expect(try unit("N=" + text).lookupInt("N", in: "G") == expected)
    }

    @Test(arguments: ["abc", "08", "0x", "12abc", "", "1.5", "99999999999999999999"])
    func invalidIntegersAreNil(_ text: String) throws {
        #expect(try unit("N=" + text).lookupInt("N", in: "G") == nil)
    }

    @Test func uint32FallsBackToDefaultOutOfRange() throws {
        #expect(try unit("N=1000").lookupUInt32("N", in: "G", default: 7) == 1000)
        #expect(try unit("N=4294967295").lookupUInt32("N", in: "G", default: 7) == UInt32.max)
        #expect(try unit("N=4294967296").lookupUInt32("N", in: "G", default: 7) == 7)
        #expect(try unit("N=-1").lookupUInt32("N", in: "G", default: 7) == 7)
        #expect(try unit("N=nope").lookupUInt32("N", in: "G", default: 7) == 7)
        #expect(try unit("Other=1").lookupUInt32("N", in: "G", default: 7) == 7)
    }

    @Test func lookupTrimsTrailingBlanksButLookupLastKeepsThem() throws {
        var file = UnitFile(filename: "x.container")
        file.add("K", "value  ", in: "G")
        #expect(file.lookupLast("K", in: "G") == "value  ")
        #expect(file.lookup("K", in: "G") == "value")
    }

    @Test func strvSplitsListStyleKeepingBackslashes() throws {
        let file = try unit(
            #"WantedBy=multi-user.target "with space.target""#,
            "WantedBy=default.target",
            #"Escaped=a\nb c\d"#,
            #"Single='one two' three"#,
            #"Unbalanced=x "y"#
        )
        #expect(file.lookupAllStrv("WantedBy", in: "G") == ["multi-user.target", "with space.target", "default.target"])
        // List style: backslash is an ordinary character, no C escapes.
        #expect(file.lookupAllStrv("Escaped", in: "G") == [#"a\nb"#, #"c\d"#])
        // An unbalanced quote makes the whole value unusable, as in Quadlet.
        #expect(file.lookupAllStrv("Unbalanced", in: "G").isEmpty)
        #expect(file.lookupAllStrv("Single", in: "G") == ["one two", "three"])
        #expect(file.lookupAllStrv("Missing", in: "G").isEmpty)
    }

    @Test func strvHonoursReset() throws {
        let file = try unit("WantedBy=a.target b.target", "WantedBy=", "WantedBy=c.target")
        #expect(file.lookupAllStrv("WantedBy", in: "G") == ["c.target"])
    }

    @Test func argsSplitExecStyleAndSkipBrokenValues() throws {
        let file = try unit(
            #"PodmanArgs=--env "A=b c" --tz\x3dUTC"#,
            #"PodmanArgs=--bad \q escape"#,
            "PodmanArgs='--last one'"
        )
        #expect(file.lookupAllArgs("PodmanArgs", in: "G") == ["--env", "A=b c", "--tz=UTC", "--last one"])
    }

    @Test func lastArgsUsesOnlyTheLastValueAndReportsBadEscapes() throws {
        let file = try unit(#"Exec=first run"#, #"Exec=/bin/echo "two words" \t"#)
        #expect(try file.lookupLastArgs("Exec", in: "G") == ["/bin/echo", "two words", "\t"])
        #expect(try file.lookupLastArgs("Missing", in: "G") == nil)

        let bad = try unit(#"Exec=/bin/echo \z"#)
        #expect(throws: WordSplitter.SplitError.unsupportedEscape) {
            _ = try bad.lookupLastArgs("Exec", in: "G")
        }
    }

    @Test func keyValuesLaterNamesReplaceEarlierOnes() throws {
        let file = try unit(
            #"Environment=A=1 "B=two words" C"#,
            #"Environment=A=override D=\x41"#,
            "Environment=E= F==x"
        )
        let (values, problems) = file.lookupAllKeyValues("Environment", in: "G")
        #expect(problems.isEmpty)
        #expect(values == [
            KeyValue(name: "A", value: "override"),
            KeyValue(name: "B", value: "two words"),
            KeyValue(name: "C", value: nil),
            KeyValue(name: "D", value: "A"),
            KeyValue(name: "E", value: ""),
            KeyValue(name: "F", value: "=x"),
        ])
    }

    @Test func keyValuesReportUnsplittableValues() throws {
        let file = try unit(#"Label=ok=1"#, #"Label=bad=\q"#)
        let (values, problems) = file.lookupAllKeyValues("Label", in: "G")
        #expect(values == [KeyValue(name: "ok", value: "1")])
        #expect(problems.count == 1)
        #expect(problems.first?.contains(#"Label=bad=\q"#) == true)
    }

    @Test func keysListsEachKeyOnceInFirstSeenOrder() throws {
        let file = try unit("B=1", "A=1", "# C=1", "B=2", "C=3")
        #expect(file.keys(in: "G") == ["B", "A", "C"])
        #expect(file.keys(in: "Nope").isEmpty)
    }
}
