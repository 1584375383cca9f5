import Foundation
import Testing
@testable import Engine

/// The registry client's parsing, without a registry: challenges,
/// platforms and manifest lists, auth.json lookups.
@Suite("Engine: registry client pieces")
struct RegistryUnitTests {
    @Test("WWW-Authenticate challenges: bearer with quoted commas, basic")
    func challenges() throws {
        let bearer = try #require(AuthChallenge(header: #"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push""#))
        #expect(bearer.scheme == .bearer)
        #expect(bearer.parameters == ["realm": "https://auth.example/token", "service": "registry.example", "scope": "repository:a/b:pull,push"])
        let basic = try #require(AuthChallenge(header: #"Basic realm="Registry Realm""#))
        #expect(basic.scheme == .basic)
        #expect(basic.parameters["realm"] == "Registry Realm")
        #expect(AuthChallenge(header: "Negotiate abc") == nil)
    }

    @Test("--platform, --os, --arch, --variant, and the manifest-list entry they choose")
    func platforms() throws {
        #expect(try Platform(platform: "linux/arm64/v8", os: nil, arch: nil, variant: nil) == Platform(os: "linux", architecture: "arm64", variant: "v8"))
        #expect(try Platform(platform: nil, os: nil, arch: "arm", variant: "v7") == Platform(os: "linux", architecture: "arm", variant: "v7"))
        #expect(throws: EngineError.self) { try Platform(platform: "linux//x", os: nil, arch: nil, variant: nil) }

        let json = """
        {"schemaVersion":2,"manifests":[
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "a", count: 64))","size":1,"platform":{"architecture":"amd64","os":"linux"}},
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "b", count: 64))","size":1,"platform":{"architecture":"arm","os":"linux","variant":"v6"}},
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "c", count: 64))","size":1,"platform":{"architecture":"arm","os":"linux","variant":"v7"}},
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "d", count: 64))","size":1,"platform":{"architecture":"arm64","os":"linux"}}]}
        """
        let list = try JSONDecoder().decode(ManifestList.self, from: Data(json.utf8))
        #expect(list.entry(for: Platform(os: "linux", architecture: "amd64"))?.digest.hex.first == "a")
        #expect(list.entry(for: Platform(os: "linux", architecture: "arm", variant: "v7"))?.digest.hex.first == "c")
        #expect(list.entry(for: Platform(os: "linux", architecture: "arm64", variant: "v8"))?.digest.hex.first == "d")
        #expect(list.entry(for: Platform(os: "linux", architecture: "s390x")) == nil)
    }

    @Test("auth.json: the longest matching key wins; other keys survive a write")
    func authFile() throws {
        let dir = EngineTestSupport.tempDir("authfile")
        defer { EngineTestSupport.cleanup(dir) }
        let path = dir + "/auth.json"
        func auth(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
        try Data("""
        {"auths":{"reg.example":{"auth":"\(auth("host:1"))"},"reg.example/team":{"auth":"\(auth("team:2"))"}},"credHelpers":{"x":"y"}}
        """.utf8).write(to: URL(fileURLWithPath: path))
        let file = AuthFile(explicit: path)
        #expect(try file.credentials(for: "reg.example/team/app") == RegistryCredentials(username: "team", password: "2"))
        #expect(try file.credentials(for: "reg.example/other") == RegistryCredentials(username: "host", password: "1"))
        #expect(try file.credentials(for: "elsewhere.example/app") == nil)
        try file.store(RegistryCredentials(username: "new", password: "p:w"), for: "elsewhere.example")
        #expect(try file.credentials(for: "elsewhere.example/app") == RegistryCredentials(username: "new", password: "p:w"))
        let document = try JSONSerialization.jsonObject(with: FileSystem.readFile(path)) as? [String: Any]
        #expect(document?["credHelpers"] as? [String: String] == ["x": "y"])
        #expect(try file.remove("reg.example/team"))
        #expect(try !file.remove("reg.example/team"))
    }

    @Test("login keys: scheme and trailing slash dropped, Docker Hub's hosts are docker.io")
    func loginKeys() {
        #expect(RegistryLogin.key("https://127.0.0.1:5000/") == "127.0.0.1:5000")
        #expect(RegistryLogin.key("index.docker.io") == "docker.io")
        #expect(RegistryLogin.key("quay.io/team") == "quay.io/team")
    }
}

/// registries.conf: the TOML Podman reads, drop-ins over the main file.
@Suite("Engine: registries.conf")
struct RegistriesConfigTests {
    static let main = """
    unqualified-search-registries = ["registry.example"]

    [aliases]
    "box" = "quay.example/tools/busybox"

    [[registry]]
    prefix = "docker.io/team"
    location = "mirror.example:5000/team-copy"
    insecure = true

    [[registry.mirror]]
    location = "cache.example/team"

    [[registry]]
    location = "evil.example"
    blocked = true
    """

    @Test("short names: an alias, else the single search registry; several search registries are refused")
    func shortNames() throws {
        var config = RegistriesConfig()
        try config.merge(text: Self.main, what: "main")
        #expect(try config.qualify("box:1").description == "quay.example/tools/busybox:1")
        #expect(try config.qualify("app").description == "registry.example/app:latest")
        #expect(try config.qualify("other.example/app:2").description == "other.example/app:2")
        try config.merge(text: "unqualified-search-registries = [\"a.example\", \"b.example\"]", what: "drop-in")
        #expect(throws: EngineError.self) { try config.qualify("app") }
        #expect(config.aliases["box"] == "quay.example/tools/busybox")
    }

    @Test("[[registry]]: the longest prefix, mirrors before the location, insecure, blocked")
    func registryEntries() throws {
        var config = RegistriesConfig()
        try config.merge(text: Self.main, what: "main")
        let reference = try ImageReference.parse("docker.io/team/app:1")
        let entry = try #require(config.registry(for: reference.repository))
        let sources = try entry.sources(for: reference, options: RegistryOptions())
        #expect(sources.map { $0.0.description } == ["cache.example/team/app:1", "mirror.example:5000/team-copy/app:1"])
        #expect(sources.map { $0.1.tls.verify } == [nil, false])
        #expect(config.registry(for: "evil.example/x")?.blocked == true)
        #expect(config.registry(for: "docker.io/teamster/x") == nil)
        var broken = RegistriesConfig()
        #expect(throws: EngineError.self) { try broken.merge(text: "[[registry]\nbroken", what: "bad") }
    }
}
