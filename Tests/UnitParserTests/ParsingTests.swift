import Testing
import UnitParser

/// The unit-file syntax as Quadlet reads it: what a person can write in a
/// `.container` file and what the parser makes of it.
@Suite("Unit file syntax")
struct ParsingTests {
    @Test func groupsKeysAndValues() throws {
        let unit = try UnitFile(parsing: """
            [Unit]
            Description=A web server

            [Container]
            Image=docker.io/library/nginx:latest
              PublishPort  =   8080:80
            """, path: "/etc/containers/systemd/web.container")
        #expect(unit.filename == "web.container")
        #expect(unit.path == "/etc/containers/systemd/web.container")
        #expect(unit.groupNames == ["Unit", "Container"])
        #expect(unit.hasGroup("Container"))
        #expect(!unit.hasGroup("Service"))
        #expect(unit.lookup("Description", in: "Unit") == "A web server")
        // Whitespace around `=` and at the ends of the line is dropped.
        #expect(unit.lookup("PublishPort", in: "Container") == "8080:80")
        #expect(unit.keys(in: "Container") == ["Image", "PublishPort"])
        #expect(unit.lookup("Image", in: "Unit") == nil)
        #expect(unit.lookup("Missing", in: "Nowhere") == nil)
    }

    @Test func filenameDefaultsToLastPathComponentAndCanBeGiven() throws {
        #expect(try UnitFile(parsing: "[A]\n", path: "/a/b/c.volume").filename == "c.volume")
        #expect(try UnitFile(parsing: "[A]\n", path: "rel.pod").filename == "rel.pod")
        #expect(try UnitFile(parsing: "[A]\n", path: "/x/y.conf", filename: "web.container").filename == "web.container")
    }

    @Test func valuesKeepQuotesRawAndLookupStripsOnePair() throws {
        let unit = try UnitFile(parsing: #"""
            [Unit]
            Description="quoted text"
            Half="open
            Inner=a "b c" d
            Two="a" "b"
            Single='x y'
            """#)
        #expect(unit.lookupLast("Description", in: "Unit") == #""quoted text""#)
        #expect(unit.lookup("Description", in: "Unit") == "quoted text")
        #expect(unit.lookup("Half", in: "Unit") == #""open"#)
        #expect(unit.lookup("Inner", in: "Unit") == #"a "b c" d"#)
        // Quadlet strips the outer pair only, whatever is inside.
        #expect(unit.lookup("Two", in: "Unit") == #"a" "b"#)
        #expect(unit.lookup("Single", in: "Unit") == "'x y'")
    }

    @Test func valueMayContainEqualsSignsAndUnicode() throws {
        let unit = try UnitFile(parsing: "[Container]\nEnvironment=A=1 B==2\nLabel=name=café 日本 👍\n")
        #expect(unit.lookup("Environment", in: "Container") == "A=1 B==2")
        #expect(unit.lookup("Label", in: "Container") == "name=café 日本 👍")
    }

    @Test func commentsAndBlankLinesAreNotKeys() throws {
        let unit = try UnitFile(parsing: """
            # leading comment
            ; another style

            [Unit]
            # Description=commented out
            ;After=x.service
            Description=real

            """)
        #expect(unit.keys(in: "Unit") == ["Description"])
        #expect(unit.lookup("Description", in: "Unit") == "real")
        #expect(unit.lookupAll("After", in: "Unit").isEmpty)
    }

    @Test func continuationJoinsLinesWithNothingBetween() throws {
        let unit = try UnitFile(parsing: #"""
            [Container]
            Exec=/bin/sh \
                -c \
                "echo hi"
            Glued=abc\
            def
            """#)
        // Each line is trimmed first, so the blank before `\` is what separates words.
        #expect(unit.lookup("Exec", in: "Container") == #"/bin/sh -c "echo hi""#)
        #expect(unit.lookup("Glued", in: "Container") == "abcdef")
        #expect(unit.keys(in: "Container") == ["Exec", "Glued"])
    }

    @Test func commentsInsideAContinuationAreSkipped() throws {
        let unit = try UnitFile(parsing: #"""
            [Container]
            Exec=run \
            # a comment in the middle
              --flag \
            ; another comment
              value
            Image=busybox
            """#)
        #expect(unit.lookup("Exec", in: "Container") == "run --flag value")
        #expect(!unit.text.contains("a comment in the middle"))
        #expect(!unit.text.contains("another comment"))
        #expect(unit.lookup("Image", in: "Container") == "busybox")
    }

    @Test func blankLineInsideAContinuationIsSkippedToo() throws {
        let unit = try UnitFile(parsing: "[A]\nK=one \\\n\n   two\nL=x\n")
        #expect(unit.lookup("K", in: "A") == "one two")
        #expect(unit.lookup("L", in: "A") == "x")
    }

    @Test func commentLineEndingInBackslashDoesNotContinue() throws {
        let unit = try UnitFile(parsing: "[A]\n# note \\\nK=v\n")
        #expect(unit.lookup("K", in: "A") == "v")
    }

    @Test func backslashOnTheLastLineIsDropped() throws {
        let withNewline = try UnitFile(parsing: "[A]\nK=v\\\n")
        #expect(withNewline.lookup("K", in: "A") == "v")
        let withoutNewline = try UnitFile(parsing: "[A]\nK=v\\")
        #expect(withoutNewline.lookup("K", in: "A") == "v")
    }

    @Test func crlfLineEndings() throws {
        let text = "[Unit]\r\nDescription=Windows editor\r\n\r\n[Container]\r\nImage=busybox\r\nExec=a \\\r\n  b\r\n"
        let unit = try UnitFile(parsing: text)
        #expect(unit.groupNames == ["Unit", "Container"])
        #expect(unit.lookup("Description", in: "Unit") == "Windows editor")
        #expect(unit.lookup("Image", in: "Container") == "busybox")
        #expect(unit.lookup("Exec", in: "Container") == "a b")
        #expect(!unit.text.contains("\r"))
    }

    @Test func duplicateGroupsMergeInOrder() throws {
        let unit = try UnitFile(parsing: """
            [Container]
            Volume=/a:/a
            [Unit]
            Description=x
            [Container]
            Volume=/b:/b
            Image=busybox
            """)
        #expect(unit.groupNames == ["Container", "Unit"])
        #expect(unit.lookupAll("Volume", in: "Container") == ["/a:/a", "/b:/b"])
        #expect(unit.keys(in: "Container") == ["Volume", "Image"])
    }

    @Test func groupHeaderAllowsTrailingBlanksOnly() throws {
        let unit = try UnitFile(parsing: "[Unit] \t \nA=1\n")
        #expect(unit.lookup("A", in: "Unit") == "1")
        #expect(unit.groupNames == ["Unit"])
        let spaced = try UnitFile(parsing: "[X-My Group]\nA=1\n")
        #expect(spaced.groupNames == ["X-My Group"])
    }

    @Test func emptyAssignmentResetsEarlierValues() throws {
        let unit = try UnitFile(parsing: """
            [Container]
            Volume=/a:/a
            Volume=/b:/b
            Volume=
            Volume=/c:/c
            Volume=/d:/d
            Only=x
            Only=
            """)
        #expect(unit.lookupAll("Volume", in: "Container") == ["/c:/c", "/d:/d"])
        #expect(unit.lookupAll("Only", in: "Container").isEmpty)
        // The key is still there, with an empty last value.
        #expect(unit.hasKey("Only", in: "Container"))
        #expect(unit.lookup("Only", in: "Container") == "")
        #expect(unit.lookupNonEmpty("Only", in: "Container") == nil)
    }

    @Test func emptyFileAndCommentOnlyFile() throws {
        let empty = try UnitFile(parsing: "")
        #expect(empty.text == "")
        #expect(empty.keys(in: "Unit").isEmpty)
        // A file of comments only is valid and has no groups to speak of.
        let comments = try UnitFile(parsing: "# just\n; comments\n")
        #expect(comments.keys(in: "").isEmpty)
        #expect(!comments.hasGroup("Unit"))
    }

    @Test func locationOfAKeyIsItsLine() throws {
        let unit = try UnitFile(parsing: """
            [Unit]
            Description=x

            [Container]
            Image=a
            Exec=one \\
               two
            Image=b
            """, path: "/units/web.container")
        #expect(unit.location(of: "Description", in: "Unit") == SourceLocation(path: "/units/web.container", line: 2))
        // The last assignment is the one that counts.
        #expect(unit.location(of: "Image", in: "Container")?.description == "/units/web.container:8")
        // A continued value is located where it starts.
        #expect(unit.location(of: "Exec", in: "Container")?.line == 6)
        #expect(unit.location(of: "Nope", in: "Container") == nil)
    }
}

/// Lines that are not unit-file syntax: the error names the file and line.
@Suite("Unit file syntax errors")
struct ParseErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var messageContains: String
        var testDescription: String { messageContains }
    }

    static let cases: [Case] = [
        Case(text: "[Unit]\nDescription=x\nthis is not valid\n", line: 3, messageContains: "this is not valid"),
        Case(text: "Image=busybox\n[Container]\n", line: 1, messageContains: "before any [Group]"),
        Case(text: "# comment\n\nImage=busybox\n", line: 3, messageContains: "Image"),
        Case(text: "[Unit]\n=value\n", line: 2, messageContains: "not a key-value pair"),
        Case(text: "[Unit]\nA=1\n[]\n", line: 3, messageContains: "invalid group name"),
        Case(text: "[Unit]\nA=1\n[Bad]junk\n", line: 3, messageContains: "[Bad]junk"),
        Case(text: "[Unit\n", line: 1, messageContains: "[Unit"),
        Case(text: "[Un[it]\n", line: 1, messageContains: "invalid group name"),
        Case(text: "[Unit]\r\nA=1\r\nbroken\r\n", line: 3, messageContains: "broken"),
        Case(text: "[Unit]\nA=1 \\\n  continued\nbad line \\\n  spanning two\n", line: 4, messageContains: "bad line"),
        Case(text: "[Unit]\nA=1\nB=x\u{0}y\n", line: 3, messageContains: "NUL"),
    ]

    @Test(arguments: cases)
    func invalidLineNamesPathAndLine(_ testCase: Case) {
        let path = "/etc/containers/systemd/broken.container"
        #expect {
            _ = try UnitFile(parsing: testCase.text, path: path)
        } throws: { error in
            guard let error = error as? UnitParseError else { return false }
            return error.location == SourceLocation(path: path, line: testCase.line)
                && error.message.contains(testCase.messageContains)
                && "\(error)".hasPrefix("\(path):\(testCase.line): ")
        }
    }

    @Test func errorDescriptionReadsPathLineMessage() {
        let error = UnitParseError(location: SourceLocation(path: "/a/b.volume", line: 7), message: "oops")
        #expect(error.description == "/a/b.volume:7: oops")
    }
}
