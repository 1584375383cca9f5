import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `.artifact` units under a real systemd, against the registry in the
/// box that `.image` units use.
extension RegistryQuadletTests {
    @Test(".artifact with every pull key but DecryptionKey= pulls at start and stays active; the artifact extracts to the pushed bytes")
    func artifactUnit() throws {
        let box = try RegistryQuadletTests.shared.get()
        let payload = "artifact payload \(UInt32.random(in: 0...UInt32.max))\n"
        try Data(payload.utf8).write(to: URL(fileURLWithPath: box.root + "/root/payload.txt"))
        let name = "\(RegistryQuadletTests.registry)/artunit:v1"
        let added = try box.berth("artifact", "add", name, "/root/payload.txt")
        try #require(added.status == 0, "artifact add: \(added.stderr)")
        let pushed = try box.berth("artifact", "push", "--quiet", name)
        try #require(pushed.status == 0, "artifact push: \(pushed.stderr)")
        #expect(try box.berth("artifact", "rm", name).status == 0)
        #expect(try box.berth("artifact", "inspect", name).status != 0, "not there before the start")

        try Data(#"{"auths": {}}"#.utf8).write(to: URL(fileURLWithPath: box.root + "/root/auth.json"))
        try FileManager.default.createDirectory(atPath: box.root + "/root/certs", withIntermediateDirectories: true)
        try box.writeQuadlet("artunit.artifact", """
            [Artifact]
            Artifact=\(name)
            AuthFile=/root/auth.json
            CertDir=/root/certs
            Creds=someone:secret
            Retry=2
            RetryDelay=1s
            TLSVerify=false
            Quiet=true
            """)
        try box.reload()
        let started = try box.exec("systemctl", "start", "artunit-artifact.service")
        try #require(started.status == 0, "start: \(started.stderr)\n\((try? box.journal(["-u", "artunit-artifact.service"])) ?? "")")
        #expect(try box.property("artunit-artifact.service", "ActiveState") == "active", "the pull unit stays active")
        let inspected = try box.berth("artifact", "inspect", name)
        #expect(inspected.status == 0, "\(inspected.stderr)")
        #expect(inspected.stdout.contains(added.out), "the pulled digest is the pushed one")
        #expect(try box.berth("artifact", "extract", name, "/root/extracted.txt").status == 0)
        #expect(try String(contentsOfFile: box.root + "/root/extracted.txt", encoding: .utf8) == payload)
        #expect(try box.exec("systemctl", "stop", "artunit-artifact.service").status == 0)
    }

    @Test("Mount=type=artifact,source=x.artifact in a .container: the service waits for the pull and reads the artifact's file")
    func artifactMount() throws {
        let box = try RegistryQuadletTests.shared.get()
        let payload = "mounted payload \(UInt32.random(in: 0...UInt32.max))\n"
        try Data(payload.utf8).write(to: URL(fileURLWithPath: box.root + "/root/mounted.txt"))
        let name = "\(RegistryQuadletTests.registry)/artmount:v1"
        try #require(try box.berth("artifact", "add", name, "/root/mounted.txt").status == 0)
        try #require(try box.berth("artifact", "push", "--quiet", name).status == 0)
        #expect(try box.berth("artifact", "rm", name).status == 0)
        let imported = try box.berth("import", "--change", "CMD [\"/bin/sh\"]", "/root/image.tar", "localhost/artmount:latest")
        try #require(imported.status == 0, "import: \(imported.stderr)")
        try box.writeQuadlet("artmount.artifact", """
            [Artifact]
            Artifact=\(name)
            """)
        try box.writeQuadlet("artmount.container", """
            [Container]
            Image=localhost/artmount:latest
            Mount=type=artifact,source=artmount.artifact,destination=/etc/app/
            Exec=sh -c "cat /etc/app/mounted.txt; trap 'exit 0' TERM; while :; do sleep 0.2; done"
            Network=none
            StopTimeout=1
            """)
        try box.reload()
        #expect(try box.property("artmount.service", "Requires").split(separator: " ").contains("artmount-artifact.service"))
        let started = try box.exec("systemctl", "start", "artmount.service")
        try #require(started.status == 0, "start: \(started.stderr)\n\((try? box.journal(["-u", "artmount.service"])) ?? "")")
        #expect(try box.journal(["-u", "artmount.service"], until: payload.trimmingCharacters(in: .newlines)).contains(payload.trimmingCharacters(in: .newlines)))
        #expect(try box.exec("systemctl", "stop", "artmount.service").status == 0)
    }
}
