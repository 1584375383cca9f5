import Foundation
import Testing
@testable import Engine

/// `berth info` and `berth version` in Podman's shapes: its JSON names, its
/// Go template field names, its YAML and its version block.
@Suite("System: info and version", .enabled(if: EngineTestSupport.hasBerth && ContainerTestSupport.runc != nil, "needs the built berth binary and runc"))
struct SystemInfoTests {
    @Test("info --format json has Podman's sections and names, describing this store and host")
    func infoJSON() throws {
        let store = TestStore("info-json")
        let r = try store.berth("info", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["host", "store", "registries", "plugins", "version"])
        let host = try #require(object["host"] as? [String: Any])
        let runtime = try #require(host["ociRuntime"] as? [String: Any])
        #expect(["runc", "crun"].contains(runtime["name"] as? String))
        #expect((runtime["version"] as? String)?.contains("version") == true)
        let unified = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers")
        #expect(host["cgroupVersion"] as? String == (unified ? "v2" : "v1"))
        #expect(host["cgroupManager"] as? String == "cgroupfs")
        #expect(host["os"] as? String == "linux")
        #expect((host["cpus"] as? Int ?? 0) > 0)
        #expect((host["memTotal"] as? Int ?? 0) > 0)
        let security = try #require(host["security"] as? [String: Any])
        #expect(security["rootless"] as? Bool == (geteuid() != 0))
        let section = try #require(object["store"] as? [String: Any])
        #expect(section["graphRoot"] as? String == store.root)
        #expect(section["runRoot"] as? String == store.runRoot)
        #expect(section["volumePath"] as? String == store.root + "/volumes")
        let counts = try #require(section["containerStore"] as? [String: Int])
        #expect(counts == ["number": 0, "paused": 0, "running": 0, "stopped": 0])
        #expect((section["imageStore"] as? [String: Int])?["number"] == 0)
        #expect((object["version"] as? [String: Any])?["Version"] as? String == BerthVersion.string)
    }

    @Test("info --format takes Podman's Go field names")
    func infoTemplate() throws {
        let store = TestStore("info-tmpl")
        let r = try store.berth("info", "--format", "{{.Host.OCIRuntime.Name}}|{{.Host.CgroupsVersion}}|{{.Store.GraphRoot}}|{{.Store.ContainerStore.Number}}|{{.Host.Security.Rootless}}|{{.Version.Version}}")
        #expect(r.status == 0, "\(r.stderr)")
        let unified = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers")
        let runtime = r.stdout.split(separator: "|").first.map(String.init) ?? ""
        #expect(["runc", "crun"].contains(runtime))
        #expect(r.stdout == "\(runtime)|\(unified ? "v2" : "v1")|\(store.root)|0|\(geteuid() != 0)|\(BerthVersion.string)\n")
    }

    @Test("info prints YAML as Podman does: sorted keys, nested sections, empty registries")
    func infoYAML() throws {
        let store = TestStore("info-yaml")
        let r = try store.berth("info")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let top = lines.filter { !$0.hasPrefix(" ") && !$0.hasPrefix("-") }
        #expect(top == ["host:", "plugins:", "registries: {}", "store:", "version:"])
        #expect(lines.contains("  cgroupManager: cgroupfs"))
        #expect(lines.contains("  graphRoot: " + store.root))
        #expect(lines.contains("  Version: " + BerthVersion.string))
        #expect(lines.contains("  ociRuntime:"))
    }

    @Test("version prints Podman's client block; --format takes .Client.Version or .Version")
    func version() throws {
        let store = TestStore("version")
        let text = try store.berth("version")
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Client:       Berth Engine")
        #expect(lines.contains("Version:      " + BerthVersion.string))
        #expect(lines.map { String($0.prefix(14)) } == ["Client:       ", "Version:      ", "API Version:  ", "Go Version:   ", "Built:        ", "OS/Arch:      "])
        #expect(try store.berth("version", "--format", "{{.Client.Version}}").stdout == BerthVersion.string + "\n")
        #expect(try store.berth("version", "--format", "{{.Version}}").stdout == BerthVersion.string + "\n")
        let json = try store.berth("version", "--format", "json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String: Any]]
        #expect(object?["Client"]?["Version"] as? String == BerthVersion.string)
        #expect(object?["Client"]?["OsArch"] as? String == "linux/" + HostFacts.goArch)
    }
}
