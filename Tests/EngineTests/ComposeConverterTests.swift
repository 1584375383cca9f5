import Foundation
import Testing
@testable import Engine

/// `berth quadlet convert`: a Compose file of a web app with a database
/// and a cache, as Quadlet files the generator accepts.
@Suite("Engine: Compose file to Quadlet units")
struct ComposeConverterTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/compose/webapp.yaml"
    static let fixtureDirectory = URL(fileURLWithPath: fixture).deletingLastPathComponent().path

    func file(_ conversion: ComposeConversion, _ name: String) -> String {
        conversion.files.first { $0.name == name }?.text ?? "<no \(name)>"
    }

    @Test("services, volumes, networks, depends_on, restart, healthcheck, env, ports, binds, user and secrets are translated")
    func webApp() throws {
        let c = try ComposeConverter(path: Self.fixture).convert()
        #expect(c.files.map(\.name) == ["uploads.volume", "dbdata.volume", "shop.network", "backend.network",
                                         "web.container", "db.container", "cache.container"])
        let web = file(c, "web.container")
        for line in ["Requires=db.service", "After=cache.service", "Image=localhost/berth-test/busybox:latest",
                     "Exec=httpd -f -p 8080 -h /srv", "Environment=DATABASE_URL=postgres://shop:secret@db:5432/shop",
                     "EnvironmentFile=\(Self.fixtureDirectory)/web.env", "Volume=\(Self.fixtureDirectory)/html:/srv:ro",
                     "Volume=uploads.volume:/uploads", "PublishPort=127.0.0.1:18080:8080", "Label=app=shop",
                     "HealthCmd=wget -q -O - http://localhost:8080/", "HealthInterval=30s", "HealthRetries=3",
                     "Network=shop.network", "NetworkAlias=web", "Restart=always"] {
            #expect(web.contains(line + "\n"), "web.container lacks \(line):\n\(web)")
        }
        let db = file(c, "db.container")
        for line in ["Exec=sh -c 'echo db up; exec sleep 1000'", "Environment=POSTGRES_USER=shop", "User=999", "Group=999",
                     "WorkingDir=/var/lib/postgresql", "Secret=db_password", "Volume=dbdata.volume:/var/lib/postgresql/data",
                     "Network=backend.network", "Network=shop.network"] {
            #expect(db.contains(line + "\n"), "db.container lacks \(line):\n\(db)")
        }
        let cache = file(c, "cache.container")
        #expect(cache.contains("Entrypoint=sleep\nExec=1000\n"), "\(cache)")
        #expect(cache.contains("NetworkAlias=redis\n"))
        #expect(file(c, "backend.network") == "[Network]\nInternal=true\n")
        #expect(file(c, "dbdata.volume") == "[Volume]\nLabel=tier=db\n")
        #expect(c.untranslated.count == 3, "\(c.untranslated)")
        #expect(c.untranslated.contains { $0.hasSuffix("webapp.yaml:27: services.web.build: not translated: the unit runs image: (build it first, or write a .build unit)") })
        #expect(c.untranslated.contains { $0.contains("webapp.yaml:52: services.cache.deploy") })
        #expect(c.untranslated.contains { $0.contains("secrets.db_password") && $0.contains("berth secret create db_password") })
    }

    @Test("--pod: one pod publishes the ports and joins the networks; the containers join it")
    func pod() throws {
        let c = try ComposeConverter(path: Self.fixture, pod: true).convert()
        #expect(file(c, "shop.pod") == "[Pod]\nNetwork=shop.network\nNetwork=backend.network\nPublishPort=127.0.0.1:18080:8080\n")
        let web = file(c, "web.container")
        #expect(web.contains("Pod=shop.pod\n") && !web.contains("PublishPort=") && !web.contains("Network="), "\(web)")
    }

    @Test("the generator turns every converted file into a service", .enabled(if: EngineTestSupport.binDir != nil, "needs the built berth-generator"))
    func throughGenerator() throws {
        let dir = EngineTestSupport.tempDir("compose")
        defer { EngineTestSupport.cleanup(dir) }
        let written = try QuadletManager.writeConverted(try ComposeConverter(path: Self.fixture).convert(), into: dir)
        #expect(written.count == 7)
        let generated = try EngineTestSupport.run("/usr/bin/env", ["QUADLET_UNIT_DIRS=" + dir, EngineTestSupport.binDir! + "/berth-generator", "-dryrun", "-no-kmsg-log"])
        #expect(generated.status == 0, "\(generated.stderr)")
        for service in ["web.service", "db.service", "cache.service", "uploads-volume.service", "dbdata-volume.service",
                        "shop-network.service", "backend-network.service"] {
            #expect(generated.stdout.contains("---\(service)---"), "\(service) not generated: \(generated.stderr)")
        }
        #expect(generated.stdout.contains("--network-alias web"), "NetworkAlias= reaches the command line")
        #expect(throws: EngineError.self) { try QuadletManager.writeConverted(try ComposeConverter(path: Self.fixture).convert(), into: dir) }
    }

    @Test("bad input names the file, line and key")
    func errors() throws {
        let dir = EngineTestSupport.tempDir("compose-bad")
        defer { EngineTestSupport.cleanup(dir) }
        let cases: [(String, String)] = [
            ("services:\n  web:\n    ports: [\"80:80\"]\n", "compose.yaml:2: services.web: a service needs an image"),
            ("services:\n  web:\n    image: x\n    volumes:\n      - data:/d\n", "compose.yaml:5: services.web.volumes: volume \"data\" is not declared"),
            ("services:\n  web:\n    image: x\n    restart: sometimes\n", "compose.yaml:4: services.web.restart: unknown restart policy \"sometimes\""),
            ("volumes: {}\n", "services: a Compose file needs at least one service"),
        ]
        for (text, message) in cases {
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/compose.yaml"))
            let error = #expect(throws: EngineError.self) { try ComposeConverter(path: dir + "/compose.yaml").convert() }
            #expect(error?.message.contains(message) == true, "\(error?.message ?? "") should contain \(message)")
        }
    }
}
