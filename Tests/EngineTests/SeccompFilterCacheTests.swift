import Foundation
import Testing
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// The converted seccomp filter kept in the run root: what lands in
/// config.json must be exactly what converting the profile gives.
@Suite("Seccomp filters kept between starts", .enabled(if: FileManager.default.fileExists(atPath: SeccompProfile.defaultPath), "needs containers-common's seccomp.json"))
struct SeccompFilterCacheTests {
    static let caps: Set<String> = Set(RuntimeSpecBuilder.defaultCapabilities)

    static func scratch(_ tag: String) throws -> String {
        let dir = NSTemporaryDirectory() + "berth-seccomp-\(tag)-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// JSON compared as values (key order does not matter).
    static func same(_ a: [UInt8], _ b: Data) throws -> Bool {
        let x = try JSONSerialization.jsonObject(with: Data(a)) as! NSObject
        let y = try JSONSerialization.jsonObject(with: b) as! NSObject
        return x.isEqual(y)
    }

    @Test("the kept filter is the converted profile; the second start reads it back; another capability set gets its own")
    func keptFilter() throws {
        let dir = try Self.scratch("kept")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let converted = try JSONEncoder().encode(try #require(try SeccompProfile.load(path: nil, capabilities: Self.caps)))
        let first = try #require(try SeccompFilterCache.json(path: nil, capabilities: Self.caps, directory: dir))
        #expect(try Self.same(first, converted))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.count == 1 && files[0].hasPrefix("seccomp-"), "\(files)")
        // The next start reads the kept file, not the profile: a forged one (valid, with its digest) comes back.
        let forged = Array(#"{"defaultAction":"SCMP_ACT_ALLOW"}"#.utf8)
        try Data(forged + Array(("\n" + Digest.of(Data(forged)).hex).utf8)).write(to: URL(fileURLWithPath: dir + "/" + files[0]))
        #expect(try SeccompFilterCache.json(path: nil, capabilities: Self.caps, directory: dir) == forged)

        // CAP_SYS_ADMIN opens syscalls the default set does not have.
        let admin = Self.caps.union(["CAP_SYS_ADMIN"])
        let withAdmin = try #require(try SeccompFilterCache.json(path: nil, capabilities: admin, directory: dir))
        #expect(withAdmin != first)
        #expect(try Self.same(withAdmin, try JSONEncoder().encode(try #require(try SeccompProfile.load(path: nil, capabilities: admin)))))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 2)
    }

    @Test("a damaged kept file is converted again and replaced")
    func damagedFile() throws {
        let dir = try Self.scratch("damaged")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try #require(try SeccompFilterCache.json(path: nil, capabilities: Self.caps, directory: dir))
        let file = dir + "/" + (try FileManager.default.contentsOfDirectory(atPath: dir)[0])
        let whole = try Data(contentsOf: URL(fileURLWithPath: file))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: file))
        let again = try #require(try SeccompFilterCache.json(path: nil, capabilities: Self.caps, directory: dir))
        #expect(try Self.same(again, Data(good)), "converted again")
        // Written again, whole: the next start reads exactly that back.
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).count > whole.count / 2)
        #expect(try SeccompFilterCache.json(path: nil, capabilities: Self.caps, directory: dir) == again)
    }

    @Test("an edited profile is converted again, not read from the old file")
    func editedProfile() throws {
        let dir = try Self.scratch("edited")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let profile = dir + "/profile.json"
        try #"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}"#.write(toFile: profile, atomically: false, encoding: .utf8)
        let before = try #require(try SeccompFilterCache.json(path: profile, capabilities: Self.caps, directory: dir + "/cache"))
        #expect(String(decoding: before, as: UTF8.self).contains("\"read\""))
        try #"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["write","close"],"action":"SCMP_ACT_ALLOW"}]}"#.write(toFile: profile, atomically: true, encoding: .utf8)
        let after = try #require(try SeccompFilterCache.json(path: profile, capabilities: Self.caps, directory: dir + "/cache"))
        #expect(String(decoding: after, as: UTF8.self).contains("\"close\""))
        #expect(!String(decoding: after, as: UTF8.self).contains("\"read\""))
    }

    @Test("spliced into the spec's JSON it decodes as linux.seccomp, everything else unchanged")
    func splice() throws {
        let filter = try #require(try SeccompFilterCache.json(path: nil, capabilities: Self.caps, directory: try Self.scratch("splice")))
        let spec = RuntimeSpec(
            process: .init(terminal: false, user: .init(uid: 0, gid: 0), args: ["sh", "-c", #"echo "linux":{ }"#], env: ["A=\"linux\":{"], cwd: "/"),
            root: .init(path: "/r", readonly: false), hostname: "h", mounts: [],
            annotations: ["linux": #"{"linux":{"#],
            linux: .init(namespaces: [.init(type: "pid")], maskedPaths: ["/proc/kcore"], readonlyPaths: []))
        let plain = try JSONEncoder().encode(spec)
        let spliced = try #require(SeccompFilterCache.splice(filter, into: [UInt8](plain)))
        let decoded = try JSONDecoder().decode(RuntimeSpec.self, from: Data(spliced))
        #expect(try Self.same(filter, try JSONEncoder().encode(try #require(decoded.linux.seccomp))))
        var without = decoded
        without.linux.seccomp = nil
        #expect(try Self.same([UInt8](try JSONEncoder().encode(without)), plain))
        #expect(decoded.process.args == spec.process.args && decoded.annotations == spec.annotations)
    }
}
