import Foundation
import Testing
@testable import Engine

@Suite("Build: Containerfile parsing, words and ignore files")
struct BuildParserTests {
    @Test("instructions carry their first line; continuations join, comments inside them drop")
    func linesAndContinuations() throws {
        let text = """
        # a comment
        FROM localhost/busybox AS base

        RUN echo a \\
        # dropped
            && echo b
        copy --chown=1:1 --from=base a.txt /a.txt
        CMD ["sh", "-c", "echo hi"]
        """
        let file = try Containerfile.parse(text, name: "Containerfile")
        #expect(file.instructions.map(\.keyword) == ["FROM", "RUN", "COPY", "CMD"])
        #expect(file.instructions.map(\.line) == [2, 4, 7, 8])
        #expect(file.instructions[1].arguments == "echo a     && echo b")
        #expect(file.instructions[2].flags == ["--chown=1:1", "--from=base"])
        #expect(file.instructions[2].flag("from") == "base")
        #expect(file.instructions[3].jsonArguments == ["sh", "-c", "echo hi"])
        #expect(file.instructions[1].jsonArguments == nil)
        #expect(file.instructions[2].display == "COPY --chown=1:1 --from=base a.txt /a.txt")
    }

    @Test("the escape directive makes ` the continuation character")
    func escapeDirective() throws {
        let file = try Containerfile.parse("# escape=`\nFROM scratch\nRUN dir c:\\ `\n  /w\n", name: "Dockerfile")
        #expect(file.escape == "`")
        #expect(file.instructions[1].arguments == "dir c:\\   /w")
    }

    @Test("a heredoc after RUN is the script; the instruction after it is parsed normally")
    func heredoc() throws {
        let file = try Containerfile.parse("FROM scratch\nRUN <<EOF\necho one\necho two\nEOF\nCMD x\n", name: "Containerfile")
        #expect(file.instructions.count == 3)
        #expect(file.instructions[1].heredocs == [Containerfile.Heredoc(delimiter: "EOF", content: "echo one\necho two\n", quoted: false)])
        #expect(file.instructions[2].line == 6)
    }

    @Test("an unknown instruction is refused with its file and line")
    func unknownInstruction() {
        #expect {
            _ = try Containerfile.parse("FROM scratch\n\nFOO bar\n", name: "Containerfile")
        } throws: { error in
            (error as? EngineError)?.message == "Containerfile:3: unknown instruction: \"FOO\""
        }
    }

    @Test("a stage that refers to itself or a later stage is a cycle, named with its line")
    func stageCycle() throws {
        let file = try Containerfile.parse("FROM scratch AS a\nCOPY --from=b /x /x\nFROM scratch AS b\nCOPY --from=a /x /x\n", name: "Containerfile")
        #expect {
            _ = try BuildStage.split(file)
        } throws: { error in
            (error as? EngineError)?.message == "Containerfile:2: COPY --from=b: stage \"b\" refers to itself or a later stage (a cycle)"
        }
        let selfRef = try Containerfile.parse("FROM a AS a\n", name: "Containerfile")
        #expect(throws: EngineError.self) { _ = try BuildStage.split(selfRef) }
    }

    @Test("words: quotes, escapes and ${VAR:-default} expansion as Docker does them")
    func words() throws {
        let w = BuildWords(escape: "\\", environment: ["A": "x", "EMPTY": ""])
        #expect(try w.process("$A/${A}/'$A'/\"$A\"/\\$A") == "x/x/$A/x/$A")
        #expect(try w.process("${EMPTY:-d}${MISSING:-m}${A:+set}") == "dmset")
        #expect(try w.assignments("K=\"a b\" L=c", legacy: false).map { [$0.0, $0.1] } == [["K", "a b"], ["L", "c"]])
        #expect(try w.assignments("K a b", legacy: true).map { [$0.0, $0.1] } == [["K", "a b"]])
    }

    @Test("ignore patterns: globs, **, parents, and ! re-including")
    func ignore() {
        let ignore = BuildIgnore(text: "# comment\n*.log\nbuild/\n**/secret\n!keep.log\n")
        #expect(ignore.excludes("a.log"))
        #expect(!ignore.excludes("keep.log"))
        #expect(ignore.excludes("build/out/file"))
        #expect(ignore.excludes("x/y/secret"))
        #expect(!ignore.excludes("src/main.c"))
    }
}
