import Foundation
import Testing
@testable import Engine

/// The k8s-file reader and the `--tail` ring on files written here.
@Suite("Logs: k8s-file reader")
struct LogReaderTests {
    struct Seen: Equatable {
        var stderr: Bool
        var partial: Bool
        var content: [UInt8]
    }

    static func file(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "/berth-log-" + FileSystem.randomHex(4)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func read(_ log: K8sFileLog, tail: Int? = nil) throws -> [Seen] {
        var seen: [Seen] = []
        var ring = tail.map(LogTail.init(lines:))
        try log.readAvailable { r in
            if ring != nil { ring!.append(r) } else { seen.append(Seen(stderr: r.stderr, partial: r.partial, content: Array(r.content))) }
        }
        ring?.forEach { r in seen.append(Seen(stderr: r.stderr, partial: r.partial, content: Array(r.content))) }
        return seen
    }

    static let t = "2024-05-01T12:00:00.000000001Z"

    @Test("records come back byte for byte; malformed lines are skipped; an unfinished line waits")
    func records() throws {
        var bytes = Array("\(Self.t) stdout F hello\n\(Self.t) stderr P par".utf8) + [0xFF, 0xFE]
        bytes += Array("\n\(Self.t) stderr F tial\ngarbage\n\(Self.t) stdout F \n\(Self.t) stdout F no newline yet".utf8)
        let path = try Self.file(bytes)
        defer { unlink(path) }
        let log = K8sFileLog(path: path)
        #expect(try Self.read(log) == [
            Seen(stderr: false, partial: false, content: Array("hello".utf8)),
            Seen(stderr: true, partial: true, content: Array("par".utf8) + [0xFF, 0xFE]),
            Seen(stderr: true, partial: false, content: Array("tial".utf8)),
            Seen(stderr: false, partial: false, content: []),
        ])
        #expect(log.hasUnread == false)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("\n".utf8))
        try handle.close()
        #expect(try Self.read(log) == [Seen(stderr: false, partial: false, content: Array("no newline yet".utf8))])
    }

    @Test("a line longer than the read chunk is one record")
    func longLine() throws {
        let content = [UInt8](repeating: 0xFF, count: 5 << 20)
        let path = try Self.file(Array("\(Self.t) stdout F ".utf8) + content + [10])
        defer { unlink(path) }
        #expect(try Self.read(K8sFileLog(path: path)) == [Seen(stderr: false, partial: false, content: content)])
    }

    @Test("--tail keeps the last lines whole, with their partial records", arguments: [0, 1, 2, 5])
    func tail(_ n: Int) throws {
        let lines = ["\(Self.t) stdout F a", "\(Self.t) stdout P b1", "\(Self.t) stdout F b2", "\(Self.t) stdout F c", "\(Self.t) stdout P d"]
        let path = try Self.file(Array((lines.joined(separator: "\n") + "\n").utf8))
        defer { unlink(path) }
        let all = try Self.read(K8sFileLog(path: path))
        let kept = try Self.read(K8sFileLog(path: path), tail: n)
        let expectedCount = [0: 1, 1: 2, 2: 4, 5: 5][n]!
        #expect(kept == Array(all.suffix(expectedCount)))
    }

    @Test("--tail from the file's end gives what the ring gives, filters included", arguments: [0, 1, 2, 3, 7, 100])
    func tailFromEnd(_ n: Int) throws {
        // Records longer than the read chunk, partial ones, one malformed, a stderr line, an unterminated end.
        let long = String(repeating: "x", count: 3 << 19)
        let records = ["\(Self.t) stdout F a", "\(Self.t) stdout P \(long)", "\(Self.t) stdout F b2", "garbage",
                       "\(Self.t) stderr F err", "\(Self.t) stdout P \(long)", "\(Self.t) stdout P more", "\(Self.t) stdout F c",
                       "\(Self.t) stdout P d"]
        let path = try Self.file(Array((records.joined(separator: "\n") + "\n\(Self.t) stdout F unterminated").utf8))
        defer { unlink(path) }
        for admits in [{ (_: LogRecord) in true }, { (r: LogRecord) in !r.stderr }] {
            var ring = LogTail(lines: n)
            try K8sFileLog(path: path).readAvailable { if admits($0) { ring.append($0) } }
            var expected: [Seen] = []
            ring.forEach { expected.append(Seen(stderr: $0.stderr, partial: $0.partial, content: Array($0.content))) }
            let log = K8sFileLog(path: path)
            log.seek(to: try log.tailStart(lines: n, admits: admits))
            var seen: [Seen] = []
            try log.readAvailable { if admits($0) { seen.append(Seen(stderr: $0.stderr, partial: $0.partial, content: Array($0.content))) } }
            #expect(seen == expected)
        }
    }

    @Test("a truncated log is read again from its start")
    func truncated() throws {
        let path = try Self.file(Array("\(Self.t) stdout F one\n\(Self.t) stdout F two\n".utf8))
        defer { unlink(path) }
        let log = K8sFileLog(path: path)
        #expect(try Self.read(log).count == 2)
        _ = FileManager.default.createFile(atPath: path, contents: Data("\(Self.t) stdout F three\n".utf8))
        #expect(try Self.read(log) == [Seen(stderr: false, partial: false, content: Array("three".utf8))])
    }
}
