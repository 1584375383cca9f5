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
}
