import Generator
import Testing
import UnitParser

/// What a person sees when a unit is wrong: a message naming the file and
/// line, that unit skipped, every other unit still generated.
@Suite("Errors in units")
struct ErrorTests {
    @Test func unsupportedKeyNamesFileAndLine() throws {
        let dir = TempDir("unsupported")
        let path = dir.write("bad.container", """
            [Container]
            Image=quay.io/x/y
            Foo=bar
            """)
        dir.write("good.container", "[Container]\nImage=quay.io/x/y\n")
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(result.names == ["good.service"])
        #expect(result.messages.contains(
            #"converting "bad.container": unsupported key 'Foo' in group 'Container' in \#(path):3"#
        ), "\(result.messages)")
    }

    @Test(arguments: [
        ("x.volume", "[Volume]\nImage=a\nPublishPort=80\n", "Volume", "PublishPort", 3),
        ("x.network", "[Network]\n\nRestart=always\n", "Network", "Restart", 3),
        ("x.pod", "[Pod]\nExec=/bin/true\n", "Pod", "Exec", 2),
        ("x.container", "[Container]\nImage=quay.io/x/y\n[Quadlet]\nDefaultDependencies=false\nOther=1\n", "Quadlet", "Other", 5),
    ])
    func unsupportedKeyInEveryUnitType(_ name: String, _ text: String, _ group: String, _ key: String, _ line: Int) {
        let dir = TempDir("unsupported-types")
        let path = dir.write(name, text)
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(result.names.isEmpty)
        #expect(result.messages.contains { message in
            message.contains("converting \"\(name)\": unsupported key '\(key)' in group '\(group)' in \(path):\(line)")
        }, "\(result.messages)")
    }

    @Test func unsupportedKeyFromADropInPointsAtTheDropIn() {
        let dir = TempDir("dropin-key")
        dir.write("web.container", "[Container]\nImage=quay.io/x/y\n")
        let dropIn = dir.write("web.container.d/10.conf", "# extra settings\n[Container]\nBogus=1\n")
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(!result.messages(containing: "unsupported key 'Bogus' in group 'Container' in \(dropIn):3").isEmpty, "\(result.messages)")
    }

    @Test func badSyntaxNamesFileAndLineAndSparesTheOthers() throws {
        let dir = TempDir("syntax")
        let path = dir.write("broken.container", """
            [Unit]
            Description=broken

            [Container]
            Image=quay.io/x/y
            just some words
            """)
        dir.write("app.network", "[Network]\n")
        dir.write("web.container", "[Container]\nImage=quay.io/x/y\nNetwork=app.network\n")
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(result.names == ["app-network.service", "web.service"])
        #expect(!result.messages(containing: "\(path):6").isEmpty, "\(result.messages)")
    }

    @Test func keyBeforeAnyGroupIsAnError() {
        let dir = TempDir("nogroup")
        let path = dir.write("early.volume", "VolumeName=x\n[Volume]\n")
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(result.names.isEmpty)
        #expect(!result.messages(containing: "\(path):1").isEmpty, "\(result.messages)")
    }

    @Test(arguments: [
        ("[Container]\nImage=quay.io/x/y\nRootfs=/srv/root\n", "Image And Rootfs keys conflict"),
        ("[Container]\nImage=quay.io/x/y\nExposeHostPort=eighty\n", "invalid port format 'eighty'"),
        ("[Container]\nImage=quay.io/x/y\n[Service]\nKillMode=process\n", "invalid KillMode 'process'"),
        ("[Container]\nImage=quay.io/x/y\n[Service]\nType=simple\n", "invalid service Type 'simple'"),
        ("[Container]\nImage=quay.io/x/y\nPod=not-a-unit\n", "pod not-a-unit is not Quadlet based"),
    ])
    func invalidValuesAreReportedPerUnit(_ text: String, _ message: String) {
        let dir = TempDir("values")
        dir.write("x.container", text)
        dir.write("ok.volume", "[Volume]\n")
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(result.names == ["ok-volume.service"])
        #expect(!result.messages(containing: message).isEmpty, "\(result.messages)")
    }

    @Test func serviceUserKeysOnlyWarn() throws {
        let dir = TempDir("userkey")
        dir.write("x.container", "[Container]\nImage=quay.io/x/y\n[Service]\nUser=nobody\n")
        let result = Harness.generate(dir)
        #expect(!result.failed)
        #expect(result.names == ["x.service"])
        #expect(!result.messages(containing: "using key User in the Service group is not supported").isEmpty)
    }
}
