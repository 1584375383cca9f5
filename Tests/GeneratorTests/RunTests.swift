import Foundation
import Generator
import Testing
import UnitParser

/// `Generator.run()`: files on disk, `[Install]` symlinks, exit status.
@Suite("Writing services and install links")
struct RunTests {
    @Test func writesEveryServiceWithTheGeneratedText() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        source.write("web.container", "[Container]\nImage=quay.io/x/y\nNetwork=app.network\n")
        source.write("app.network", "[Network]\n")
        #expect(try Harness.run([source.path], into: output.path) == 0)
        let generated = Harness.generate(source)
        for (name, unit) in generated.services {
            #expect(output.read(name) == unit.text)
        }
        #expect(output.listing() == ["app-network.service", "web.service"])
    }

    @Test func createsTheOutputDirectory() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        source.write("web.container", "[Container]\nImage=quay.io/x/y\n")
        #expect(try Harness.run([source.path], into: output.path + "/nested/normal") == 0)
        #expect(output.exists("nested/normal/web.service"))
    }

    @Test func installSectionBecomesRelativeSymlinks() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        source.write("web.container", """
            [Container]
            Image=quay.io/x/y

            [Install]
            WantedBy=multi-user.target default.target
            RequiredBy=important.target
            UpheldBy=keeper.service
            Alias=website.service
            WantedBy=/etc/not-a-unit-name
            """)
        #expect(try Harness.run([source.path], into: output.path) == 0)
        #expect(output.linkTarget("multi-user.target.wants/web.service") == "../web.service")
        #expect(output.linkTarget("default.target.wants/web.service") == "../web.service")
        #expect(output.linkTarget("important.target.requires/web.service") == "../web.service")
        #expect(output.linkTarget("keeper.service.upholds/web.service") == "../web.service")
        #expect(output.linkTarget("website.service") == "web.service")
        // Links resolve to the generated file.
        #expect(output.read("multi-user.target.wants/web.service") == output.read("web.service"))
        #expect(!output.listing().contains { $0.contains("not-a-unit-name") })
    }

    /// Links are made on worker threads; when several services ask for the
    /// same one, the last in conversion order must still win.
    @Test func theLastServiceAskingForALinkGetsIt() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        for index in 0..<150 {
            let name = "u" + String(repeating: "0", count: 3 - String(index).count) + String(index)
            source.write(name + ".container", "[Container]\nImage=quay.io/x/y\n[Install]\nAlias=site.service\nWantedBy=multi-user.target\n")
        }
        #expect(try Harness.run([source.path], into: output.path) == 0)
        #expect(output.linkTarget("site.service") == "u149.service")
        #expect(output.linkTarget("multi-user.target.wants/u000.service") == "../u000.service")
        #expect(output.linkTarget("multi-user.target.wants/u149.service") == "../u149.service")
    }

    @Test func installLinksOfATemplateNeedADefaultInstance() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        source.write("with@.container", "[Container]\nImage=quay.io/x/y\n[Install]\nWantedBy=default.target\nDefaultInstance=one\n")
        source.write("without@.container", "[Container]\nImage=quay.io/x/y\n[Install]\nWantedBy=other.target\n")
        source.write("inst@two.container", "[Container]\nImage=quay.io/x/y\n[Install]\nWantedBy=default.target\n")
        #expect(try Harness.run([source.path], into: output.path) == 0)
        #expect(output.linkTarget("default.target.wants/with@one.service") == "../with@.service")
        #expect(output.linkTarget("default.target.wants/inst@two.service") == "../inst@two.service")
        #expect(!output.exists("other.target.wants"))
    }

    @Test func dropInCanAddAnInstallSection() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        source.write("web.container", "[Container]\nImage=quay.io/x/y\n")
        source.write("web.container.d/install.conf", "[Install]\nWantedBy=multi-user.target\n")
        #expect(try Harness.run([source.path], into: output.path) == 0)
        #expect(output.linkTarget("multi-user.target.wants/web.service") == "../web.service")
    }

    @Test func rerunningReplacesExistingLinksAndFiles() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        source.write("web.container", "[Container]\nImage=quay.io/x/y\n[Install]\nWantedBy=multi-user.target\n")
        #expect(try Harness.run([source.path], into: output.path) == 0)
        #expect(try Harness.run([source.path], into: output.path) == 0)
        #expect(output.linkTarget("multi-user.target.wants/web.service") == "../web.service")
    }

    @Test func brokenUnitDoesNotStopTheOthersAndRunReturnsOne() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        source.write("aaa.container", "[Container]\nImage=quay.io/x/y\n[Install]\nWantedBy=default.target\n")
        source.write("bad.container", "[Container]\nImage=quay.io/x/y\nno equals sign here\n")
        source.write("unsupported.container", "[Container]\nImage=quay.io/x/y\nNoSuchKey=1\n")
        source.write("zzz.volume", "[Volume]\n")
        #expect(try Harness.run([source.path], into: output.path) == 1)
        #expect(output.exists("aaa.service"))
        #expect(output.exists("zzz-volume.service"))
        #expect(output.linkTarget("default.target.wants/aaa.service") == "../aaa.service")
        #expect(!output.exists("bad.service"))
        #expect(!output.exists("unsupported.service"))
    }

    @Test func unusableOutputDirectoryIsAFailure() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        source.write("web.container", "[Container]\nImage=quay.io/x/y\n")
        output.write("file", "in the way")
        #expect(try Harness.run([source.path], into: output.path + "/file/normal") == 1)
    }

    @Test func symlinkedUnitFilesAreRead() throws {
        let source = TempDir("src")
        let elsewhere = TempDir("elsewhere")
        let output = TempDir("out")
        let real = elsewhere.write("real.container", "[Container]\nImage=quay.io/x/linked\n")
        try FileManager.default.createSymbolicLink(atPath: source.path + "/linked.container", withDestinationPath: real)
        #expect(try Harness.run([source.path], into: output.path) == 0)
        #expect(output.read("linked.service")?.contains("quay.io/x/linked") == true)
    }

    @Test func nothingToDoIsSuccess() throws {
        let source = TempDir("src")
        let output = TempDir("out")
        source.write("README.md", "not a unit")
        source.write("plain.service", "[Service]\nExecStart=/bin/true\n")
        #expect(try Harness.run([source.path, source.path + "/does-not-exist"], into: output.path) == 0)
        #expect(output.listing().isEmpty)
    }
}
