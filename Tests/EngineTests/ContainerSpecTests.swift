import Foundation
import Testing
@testable import Engine
@testable import BerthCLI

/// Flags → `ContainerSpec` → stored configuration → OCI runtime spec, in
/// process and without root: what `create` records and what runc is given.
@Suite("Engine: container spec layer")
struct ContainerSpecTests {
    /// An image like a built one: ENTRYPOINT, CMD, ENV, labels, a VOLUME,
    /// STOPSIGNAL and a HEALTHCHECK.
    static func image() throws -> StoredImage {
        var config = ContainerConfig()
        config.entrypoint = ["/bin/entry"]
        config.cmd = ["serve", "--port", "80"]
        config.env = ["PATH=/bin", "MODE=image"]
        config.labels = ["from": "image", "shared": "image"]
        config.volumes = ["/data/": EmptyObject()]
        config.stopSignal = "SIGQUIT"
        config.workingDir = "/srv"
        var health = ContainerConfig.Healthcheck()
        health.test = ["CMD-SHELL", "true"]
        health.interval = 5_000_000_000
        config.healthcheck = health
        let imageConfig = ImageConfig(created: nil, architecture: "amd64", os: "linux", config: config, diffIDs: [], history: nil)
        let record = ImageRecord(id: String(repeating: "ab", count: 32), digest: "sha256:" + String(repeating: "cd", count: 32),
                                 topLayer: nil, created: 0, size: 0, manifest: Data("{}".utf8), config: try JSONEncoder().encode(imageConfig))
        return StoredImage(record: record, names: ["localhost/app:latest"])
    }

    static func spec(_ flags: [String], command: [String] = []) throws -> ContainerSpec {
        let options = try ContainerCreateOptions.parse(flags)
        return try options.spec(image: "localhost/app", command: command, runtime: nil, createCommand: ["berth", "create"])
    }

    @Test("flags become typed spec values")
    func flagsToSpec() throws {
        let spec = try Self.spec(["--memory", "64m", "--cgroups", "split", "--log-driver", "journald", "--sdnotify", "healthy",
                                  "--restart", "on-failure:3", "--pull", "never", "--stop-signal", "KILL", "--network", "host",
                                  "--env", "A=1", "--label", "l=v", "-v", "vol:/v:ro", "--entrypoint", "[\"/a\",\"b\"]", "--health-interval", "disable"])
        #expect(spec.memoryLimit == Int64(67_108_864))
        #expect(spec.cgroupsMode == .split)
        #expect(spec.logDriver == .journald)
        #expect(spec.sdNotify == .healthy)
        #expect(spec.restart == .onFailure(maxRetries: 3))
        #expect(spec.pull == .never)
        #expect(spec.stopSignal == 9)
        #expect(spec.networkFlags.network == ["host"])
        #expect(spec.env.last == "A=1")
        #expect(spec.labels == ["l": "v"])
        #expect(spec.mounts == [ContainerMountSpec(kind: .volume, source: "vol", destination: "/v", options: ["ro"])])
        #expect(spec.entrypoint == ["/a", "b"])
        #expect(spec.health.interval == 0)
    }

    @Test("network flags: keywords are modes, other names are networks with their options; ports need a bridge")
    func networkValues() throws {
        let image = try Self.image()
        func config(_ flags: [String]) throws -> ContainerConfiguration {
            try Self.spec(flags + ["--image-volume", "ignore"]).configuration(image: image, underSystemd: false)
        }
        #expect(try config(["--network", "none"]).network == .none)
        #expect(try config(["--network", "host"]).network == .host)
        let joined = try config(["--network", "app:ip=10.89.0.5,alias=web", "--network-alias", "www", "-p", "8080:80"])
        #expect(joined.network == .bridge)
        #expect(joined.networks?.map(\.name) == ["app"])
        #expect(joined.networks?[0].staticIPs == ["10.89.0.5"])
        #expect(joined.networks?[0].aliases == ["web", "www"])
        #expect(joined.portMappings?.count == 1)
        #expect(throws: EngineError.self) { try config(["--network", "app:bogus=1"]) }
        #expect(throws: EngineError.self) { try config(["--network", "host", "-p", "8080:80"]) }
        #expect(throws: EngineError.self) { try config(["--network", "none", "--ip", "10.0.0.2"]) }
        #expect(try config(["--network", "container:db"]).network == .container("db"))
        #expect(try config(["--network", "ns:/run/netns/x"]).network == .path("/run/netns/x"))
        #expect(throws: EngineError.self) { try config(["--network", "container:db", "-p", "8080:80"]) }
        #expect(throws: EngineError.self) { try config(["--network", "container:db", "--network", "app"]) }
        #expect(throws: EngineError.self) { try config(["--network", "ns:relative"]) }
    }

    @Test("bad mode values are refused with the valid ones named")
    func badModes() throws {
        for (flags, words) in [(["--restart", "sometimes"], "on-failure"), (["--restart", "always:2"], "on-failure"),
                               (["--cgroups", "maybe"], "split"), (["--log-driver", "syslog"], "k8s-file"), (["--pull", "often"], "unsupported pull policy")] {
            do {
                _ = try Self.spec(flags)
                Issue.record("\(flags) was accepted")
            } catch {
                #expect("\(error)".contains(words), "\(flags): \(error)")
            }
        }
    }

    @Test("the spec is merged over the image: command, env, labels, volumes, stop signal, healthcheck")
    func mergeWithImage() throws {
        let image = try Self.image()
        let plain = try Self.spec([]).configuration(image: image, underSystemd: false)
        #expect(plain.args == ["/bin/entry", "serve", "--port", "80"])
        #expect(plain.env == ["PATH=/bin", "MODE=image"])
        #expect(plain.workingDir == "/srv")
        #expect(plain.stopSignal == 3)
        #expect(plain.logDriver == .k8sFile)
        #expect(plain.health?.test == ["/bin/sh", "-c", "true"])
        #expect(plain.health?.interval == 5)
        #expect(plain.mounts.count == 1 && plain.mounts[0].destination == "/data" && plain.mounts[0].anonymous == true)
        #expect(plain.imageName == "localhost/app:latest")

        let given = try Self.spec(["--env", "MODE=flag", "--label", "shared=flag", "--image-volume", "tmpfs", "--no-healthcheck",
                                   "--entrypoint", ""], command: ["/bin/sh"]).configuration(image: image, underSystemd: true)
        #expect(given.args == ["/bin/sh"])
        #expect(given.env == ["PATH=/bin", "MODE=flag"])
        #expect(given.labels == ["from": "image", "shared": "flag"])
        #expect(given.mounts.map(\.kind) == [.tmpfs])
        #expect(given.health == nil)
        #expect(given.logDriver == .journald)
    }

    @Test("stored modes keep the JSON spelling older records have")
    func storedSpelling() throws {
        var config = try Self.spec(["--cgroups", "no-conmon", "--log-driver", "k8s-file", "--network", "none"])
            .configuration(image: try Self.image(), underSystemd: false)
        var json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        #expect(json.contains("\"cgroupsMode\":\"no-conmon\""))
        #expect(json.contains("\"logDriver\":\"k8s-file\""))
        #expect(json.contains("\"network\":\"none\""))
        config.network = .container("abc")
        json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        let back = try JSONDecoder().decode(ContainerConfiguration.self, from: Data(json.utf8))
        #expect(back.network == .container("abc"))
    }

    @Test("features not built yet are refused before anything is recorded, naming the flag")
    func notYet() throws {
        for (flags, flag) in [(["--rootfs"], "--rootfs")] {
            do {
                // What create runs before it looks the image up.
                try Self.spec(flags).checkSupported()
                Issue.record("\(flags) was accepted")
            } catch let error as EngineError {
                #expect(error.message.hasPrefix(flag + " is not supported yet"), "\(flags): \(error.message)")
            }
        }
    }

    @Test("--restart is stored in the configuration; `no` stores nothing")
    func restartPolicy() throws {
        let image = try Self.image()
        #expect(try Self.spec(["--restart", "on-failure:3"]).configuration(image: image, underSystemd: false).restartPolicy == .onFailure(maxRetries: 3))
        #expect(try Self.spec(["--restart", "always"]).configuration(image: image, underSystemd: false).restartPolicy == .always)
        #expect(try Self.spec(["--restart", "no"]).configuration(image: image, underSystemd: false).restartPolicy == nil)
    }

    @Test("the runtime spec carries the spec's limits, namespaces and process")
    func runtimeSpec() throws {
        let config = try Self.spec(["--memory", "32m", "--pids-limit", "50", "--network", "host", "--image-volume", "ignore", "--hostname", "h", "--env", "X=1"],
                                   command: ["/bin/sh", "-c", "true"])
            .configuration(image: try Self.image(), underSystemd: false)
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("berth-spec-\(getpid())").path
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let builder = RuntimeSpecBuilder(id: "c1", config: config, rootfs: "/rootfs", bundle: "/bundle",
                                         user: .init(uid: 0, gid: 0, additionalGids: [], home: "/root"))
        let spec = try JSONDecoder().decode(RuntimeSpec.self, from: try builder.configJSON(seccompCache: cache))
        #expect(spec.process.args == ["/bin/entry", "/bin/sh", "-c", "true"])
        #expect(spec.process.env.contains("X=1"))
        #expect(spec.hostname == "h")
        #expect(spec.linux.resources?.memory?.limit == Int64(33_554_432))
        #expect(spec.linux.resources?.pids?.limit == 50)
        #expect(!spec.linux.namespaces.contains { $0.type == "network" })
        #expect(spec.root.path == "/rootfs")
    }
}
