import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import CShim
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Engine: layer unpacking, whiteouts and hostile archives")
struct TarUnpackerTests {
    let dir = EngineTestSupport.tempDir("unpack")

    func unpack(_ entries: [TestTar.Entry], into target: String, mode: WhiteoutMode, compression: TestTar.Compression = .none) throws -> UnpackedLayer {
        let tar = dir + "/in-" + FileSystem.randomHex(3) + ".tar"
        try TestTar.write(entries, to: tar, compression: compression)
        try FileSystem.makeDirectories(target)
        let fd = open(tar, O_RDONLY)
        defer { close(fd) }
        return try TarUnpacker(destination: target, whiteouts: mode).unpack(input: fd, blobPath: dir + "/blob-" + FileSystem.randomHex(3), what: "test")
    }

    func kind(_ path: String) -> mode_t? {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : nil
    }

    @Test("plain, gzip and zstd layers give the same diff id (sha256 of the uncompressed tar)")
    func compressions() throws {
        defer { EngineTestSupport.cleanup(dir) }
        let entries: [TestTar.Entry] = [.dir("etc"), .file("etc/hostname", "box\n"), .symlink("bin", "usr/bin")]
        let plain = try unpack(entries, into: dir + "/p", mode: .apply)
        let gz = try unpack(entries, into: dir + "/g", mode: .apply, compression: .gzip)
        let zst = try unpack(entries, into: dir + "/z", mode: .apply, compression: .zstd)
        #expect(plain.diffID == gz.diffID)
        #expect(plain.diffID == zst.diffID)
        #expect(try String(contentsOfFile: dir + "/z/etc/hostname", encoding: .utf8) == "box\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/g/bin") == "usr/bin")
    }

    @Test("vfs: whiteouts delete lower files, opaque dirs hide lower contents")
    func applyWhiteouts() throws {
        defer { EngineTestSupport.cleanup(dir) }
        let target = dir + "/tree"
        _ = try unpack([.dir("a"), .file("a/old", "1"), .file("a/keep", "2"), .dir("b"), .file("b/x", "3"), .file("gone", "4")], into: target, mode: .apply)
        _ = try unpack([.file("a/.wh.old", ""), .file(".wh.gone", ""), .file("b/.wh..wh..opq", ""), .file("b/new", "5")], into: target, mode: .apply)
        #expect(kind(target + "/a/old") == nil)
        #expect(kind(target + "/a/keep") == S_IFREG)
        #expect(kind(target + "/gone") == nil)
        #expect(kind(target + "/b/x") == nil)
        #expect(kind(target + "/b/new") == S_IFREG)
        #expect(kind(target + "/a/.wh.old") == nil)
    }

    @Test("overlay: whiteouts become 0/0 character devices and opaque xattrs",
          .enabled(if: EngineTestSupport.isRoot, "creating whiteout devices and trusted.* xattrs needs root"))
    func overlayWhiteouts() throws {
        defer { EngineTestSupport.cleanup(dir) }
        let target = dir + "/diff"
        _ = try unpack([.dir("a"), .file("a/.wh.old", ""), .file("b/.wh..wh..opq", ""), .file("b/new", "x")], into: target, mode: .overlay)
        var st = stat()
        #expect(lstat(target + "/a/old", &st) == 0)
        #expect(st.st_mode & S_IFMT == S_IFCHR)
        #expect(st.st_rdev == 0)
        var value = [UInt8](repeating: 0, count: 4)
        let n = lgetxattr(target + "/b", "trusted.overlay.opaque", &value, 4)
        #expect(n == 1 && value[0] == UInt8(ascii: "y"))
    }

    @Test("entries escaping the root are refused and nothing lands outside", arguments: [
        "dotdot", "nested-dotdot", "absolute-hardlink", "dotdot-hardlink",
    ])
    func escapes(_ name: String) throws {
        defer { EngineTestSupport.cleanup(dir) }
        let victim = dir + "/victim"
        let entries: [TestTar.Entry]
        switch name {
        case "dotdot": entries = [.file("ok", "1"), .file("../victim", "pwned")]
        case "nested-dotdot": entries = [.dir("a"), .file("a/../../victim", "pwned")]
        case "absolute-hardlink": entries = [.hardlink("passwd", "/etc/passwd")]
        default: entries = [.hardlink("x", "../victim")]
        }
        #expect(throws: EngineError.self) { _ = try unpack(entries, into: dir + "/root", mode: .apply) }
        #expect(kind(victim) == nil)
    }

    @Test("a symlink planted by the archive cannot redirect a later write outside the root")
    func symlinkThenWrite() throws {
        defer { EngineTestSupport.cleanup(dir) }
        let outside = dir + "/outside"
        try FileSystem.makeDirectories(outside)
        _ = try? unpack([.symlink("evil", outside), .file("evil/pwned", "x"), .symlink("up", "../../.."), .file("up/pwned2", "y")],
                        into: dir + "/root", mode: .apply)
        #expect(kind(outside + "/pwned") == nil)
        #expect(kind(dir + "/pwned2") == nil)
        #expect(kind("/pwned2") == nil)
    }

    @Test("truncated archives fail cleanly", arguments: ["tar", "gzip"])
    func truncated(_ kind: String) throws {
        defer { EngineTestSupport.cleanup(dir) }
        let tar = dir + "/full.tar"
        let big = String(repeating: "0123456789abcdef", count: 8192)
        try TestTar.write([.file("a", big), .file("b", big)], to: tar, compression: kind == "gzip" ? .gzip : .none)
        let data = try Data(contentsOf: URL(fileURLWithPath: tar))
        let cut = dir + "/cut.tar"
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        try FileSystem.makeDirectories(dir + "/root")
        let fd = open(cut, O_RDONLY)
        defer { close(fd) }
        #expect(throws: EngineError.self) {
            _ = try TarUnpacker(destination: dir + "/root", whiteouts: .apply).unpack(input: fd, blobPath: nil, what: "cut")
        }
    }

    @Test("ownership, setuid bits and extended attributes are kept",
          .enabled(if: EngineTestSupport.isRoot, "chown and trusted/security xattrs need root"))
    func ownershipAndXattrs() throws {
        defer { EngineTestSupport.cleanup(dir) }
        let target = dir + "/owned"
        _ = try unpack([.ownedFile("bin/tool", "#!/bin/sh\n", uid: 1234, gid: 4321, xattr: ("user.origin", "berth"))], into: target, mode: .overlay)
        var st = stat()
        #expect(lstat(target + "/bin/tool", &st) == 0)
        #expect(st.st_uid == 1234 && st.st_gid == 4321)
        #expect(st.st_mode & 0o7777 == 0o4755)
        var value = [UInt8](repeating: 0, count: 16)
        let n = lgetxattr(target + "/bin/tool", "user.origin", &value, 16)
        #expect(n == 5 && String(decoding: value.prefix(5), as: UTF8.self) == "berth")
    }
}
