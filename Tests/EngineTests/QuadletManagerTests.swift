import Foundation
import Synchronization
import Testing
@testable import Engine

/// `berth quadlet install/list/print/rm` on temporary directories, with
/// systemctl replaced by a recorder that answers as systemd would.
@Suite("Engine: Quadlet install, list, print and rm")
struct QuadletManagerTests {
    /// A scratch tree: `src/` to install from, `units/` as the install directory.
    final class Scratch: Sendable {
        let root: String
        let calls = Mutex<[[String]]>([])
        /// Units systemd reports as `ActiveState/SubState`; others are not found.
        let active = Mutex<[String: String]>([:])

        init() throws {
            root = NSTemporaryDirectory() + "berth-quadlet-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        var units: String { root + "/units" }

        var manager: QuadletManager {
            QuadletManager(isUser: true, installDirectory: units, searchDirectories: [units]) { [self] arguments in
                calls.withLock { $0.append(arguments) }
                guard arguments.first == "show" else { return ChildProcess.Output(status: 0, stdout: "", stderr: "") }
                let states = active.withLock { $0 }
                let blocks = arguments.drop { $0 != "--" }.dropFirst().map { unit in
                    guard let state = states[unit] else { return "Id=\(unit)\nLoadState=not-found\nActiveState=inactive\nSubState=dead\n" }
                    let parts = state.split(separator: "/")
                    return "Id=\(unit)\nLoadState=loaded\nActiveState=\(parts[0])\nSubState=\(parts[1])\n"
                }
                return ChildProcess.Output(status: 0, stdout: blocks.joined(separator: "\n"), stderr: "")
            }
        }

        @discardableResult
        func file(_ name: String, _ text: String) throws -> String {
            let path = root + "/src/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }

        func installed(_ name: String) -> String? {
            try? String(contentsOfFile: units + "/" + name, encoding: .utf8)
        }
    }

    @Test("a .container and the env file it names are installed; again without --replace is refused, --replace rewrites it whole")
    func installReplace() throws {
        let s = try Scratch()
        let web = try s.file("web.container", "[Container]\nImage=localhost/web\nEnvironmentFile=web.env\nExec=sleep 1000 and a long tail\n")
        try s.file("web.env", "A=1\n")
        let paths = try s.manager.install([web], replace: false, application: nil)
        #expect(paths == [s.units + "/web.container"])
        #expect(s.installed("web.env") == "A=1\n")

        let again = #expect(throws: EngineError.self) { try s.manager.install([web], replace: false, application: nil) }
        #expect(again?.message.contains("web.container already exists in \(s.units)") == true)

        try s.file("web.container", "[Container]\nImage=localhost/web\n")
        _ = try s.manager.install([web], replace: true, application: nil)
        #expect(s.installed("web.container") == "[Container]\nImage=localhost/web\n")
    }

    @Test("a file that is not a unit file is refused with its path and line, and nothing is written")
    func syntaxError() throws {
        let s = try Scratch()
        let bad = try s.file("bad.container", "[Container]\nImage=x\nthis is no key\n")
        let error = #expect(throws: EngineError.self) { try s.manager.install([bad], replace: false, application: nil) }
        #expect(error?.message.contains("bad.container:3") == true, "\(error?.message ?? "")")
        #expect(s.installed("bad.container") == nil)
    }

    @Test("a .quadlets file is split at '---' into the files its FileName= comments name")
    func bundle() throws {
        let s = try Scratch()
        let bundle = try s.file("stack.quadlets", """
            # FileName=db
            [Container]
            Image=localhost/db
            ---
            # FileName=data.volume
            [Volume]
            """)
        let paths = try s.manager.install([bundle], replace: false, application: "stack")
        #expect(paths == [s.units + "/db.container", s.units + "/data.volume"])
        #expect(s.installed("db.container") == "# FileName=db\n[Container]\nImage=localhost/db\n")
        let list = try s.manager.list()
        #expect(list.map(\.Name) == ["data.volume", "db.container"])
        #expect(list.map(\.UnitName) == ["data-volume.service", "db.service"])
        #expect(list.allSatisfy { $0.App == "stack" && $0.Status == "Not loaded" })

        let unnamed = try s.file("bad.quadlets", "# FileName=a.container\n[Container]\nImage=x\n---\n[Volume]\n")
        let error = #expect(throws: EngineError.self) { try s.manager.install([unnamed], replace: false, application: nil) }
        #expect(error?.message.contains("bad.quadlets:5") == true, "\(error?.message ?? "")")
    }

    @Test("list shows each service's status and Pod=; filters by name glob, status and pod")
    func listFilters() throws {
        let s = try Scratch()
        let web = try s.file("web.container", "[Container]\nImage=x\nPod=app.pod\n")
        let cache = try s.file("cache.container", "[Container]\nImage=x\nServiceName=redis\n")
        _ = try s.manager.install([web, cache], replace: false, application: nil)
        s.active.withLock { $0 = ["web.service": "active/running"] }
        let list = try s.manager.list()
        #expect(list.map { "\($0.Name) \($0.UnitName) \($0.Status) \($0.Pod)" } == [
            "cache.container redis.service Not loaded ", "web.container web.service active/running app.pod",
        ])
        #expect(try list.filter { try $0.matches(filters: ["name=w*"]) }.map(\.Name) == ["web.container"])
        #expect(try list.filter { try $0.matches(filters: ["status=Not loaded"]) }.map(\.Name) == ["cache.container"])
        #expect(try list.filter { try $0.matches(filters: ["pod=app.pod"]) }.map(\.Name) == ["web.container"])
        #expect(throws: EngineError.self) { try list[0].matches(filters: ["label=x"]) }
        #expect(try s.manager.print("web.container") == "[Container]\nImage=x\nPod=app.pod\n")
        #expect(throws: EngineError.self) { try s.manager.print("nope.container") }
    }

    @Test("rm refuses a running unit without --force, stops it with --force, and takes the whole application")
    func removeRunning() throws {
        let s = try Scratch()
        try s.file("app/web.container", "[Container]\nImage=x\n")
        try s.file("app/db.container", "[Container]\nImage=x\n")
        try s.file("app/conf/web.conf", "x\n")
        _ = try s.manager.install([s.root + "/src/app"], replace: false, application: nil)
        #expect(s.installed("conf/web.conf") == "x\n")
        s.active.withLock { $0 = ["web.service": "active/running"] }

        let refused = #expect(throws: EngineError.self) { try s.manager.remove(["db.container"], all: false, force: false, ignore: false) }
        #expect(refused?.message.contains("web.container is running") == true, "\(refused?.message ?? "")")
        #expect(s.installed("web.container") != nil)

        let removed = try s.manager.remove(["db.container"], all: false, force: true, ignore: false)
        #expect(Set(removed) == ["web.container", "db.container"])
        #expect(s.calls.withLock { $0 }.contains(["stop", "--", "web.service"]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.units) == [])
        #expect(s.installed("conf/web.conf") == nil)

        #expect(throws: EngineError.self) { try s.manager.remove(["db.container"], all: false, force: false, ignore: false) }
        #expect(try s.manager.remove(["db.container"], all: false, force: false, ignore: true) == [])
    }

    @Test("rm of a single Quadlet removes the files installed with it, not other Quadlets'")
    func removeAssets() throws {
        let s = try Scratch()
        let web = try s.file("web.container", "[Container]\nImage=x\n")
        let extra = try s.file("web.conf", "x\n")
        let other = try s.file("other.container", "[Container]\nImage=x\n")
        _ = try s.manager.install([web, extra], replace: false, application: nil)
        _ = try s.manager.install([other], replace: false, application: nil)
        #expect(try s.manager.remove(["web.container"], all: false, force: false, ignore: false) == ["web.container"])
        #expect(s.installed("web.conf") == nil)
        #expect(s.installed("other.container") != nil)
        #expect(try s.manager.remove([], all: true, force: false, ignore: false) == ["other.container"])
    }
}
