import Generator
import Testing
import UnitParser

@Suite("Drop-ins and templates")
struct DropInTests {
    @Test func dropInOverridesTheUnit() throws {
        let dir = TempDir("dropin")
        dir.write("web.container", "[Container]\nImage=quay.io/x/old\nVolume=/a:/a\n")
        dir.write("web.container.d/10-image.conf", """
            [Container]
            Image=quay.io/x/new
            Volume=
            Volume=/b:/b

            [Service]
            Restart=always
            """)
        let result = Harness.generate(dir)
        #expect(!result.failed)
        let start = try result.command("web.service")
        #expect(start.last == "quay.io/x/new")
        #expect(start.values(after: "-v") == ["/b:/b"])
        #expect(result.service("web.service")?.lookup("Restart", in: "Service") == "always")
    }

    @Test func dropInsApplyInNameOrderNotCreationOrder() throws {
        let dir = TempDir("order")
        dir.write("web.container", "[Container]\nImage=quay.io/x/base\n")
        dir.write("web.container.d/20-late.conf", "[Container]\nImage=quay.io/x/late\n")
        dir.write("web.container.d/10-early.conf", "[Container]\nImage=quay.io/x/early\nEnvironment=FROM=early\n")
        let start = try Harness.generate(dir).command("web.service")
        #expect(start.last == "quay.io/x/late")
        #expect(start.values(after: "--env") == ["FROM=early"])
    }

    @Test func onlyConfFilesAreDropIns() throws {
        let dir = TempDir("conf")
        dir.write("web.container", "[Container]\nImage=quay.io/x/base\n")
        dir.write("web.container.d/10.conf.bak", "[Container]\nImage=quay.io/x/backup\n")
        dir.write("web.container.d/notes.txt", "not a unit\n")
        #expect(try Harness.generate(dir).command("web.service").last == "quay.io/x/base")
    }

    @Test func typeWideDropInsApplyToEveryUnitOfTheType() throws {
        let dir = TempDir("typewide")
        dir.write("a.container", "[Container]\nImage=quay.io/x/a\n")
        dir.write("b.container", "[Container]\nImage=quay.io/x/b\n")
        dir.write("v.volume", "[Volume]\n")
        dir.write("container.d/50-common.conf", "[Container]\nEnvironment=COMMON=1\n")
        // A more specific directory wins for a drop-in of the same name.
        dir.write("b.container.d/50-common.conf", "[Container]\nEnvironment=COMMON=b\n")
        let result = Harness.generate(dir)
        #expect(try result.command("a.service").values(after: "--env") == ["COMMON=1"])
        #expect(try result.command("b.service").values(after: "--env") == ["COMMON=b"])
        #expect(result.service("v-volume.service")?.lookup("Environment", in: "X-Volume") == nil)
    }

    @Test func dashedNamesReadTruncatedPrefixDirectories() throws {
        let dir = TempDir("prefix")
        dir.write("app-web.container", "[Container]\nImage=quay.io/x/web\n")
        dir.write("appweb.container", "[Container]\nImage=quay.io/x/other\n")
        dir.write("app-.container.d/10.conf", "[Container]\nLabel=tier=app\n")
        let result = Harness.generate(dir)
        #expect(try result.command("app-web.service").values(after: "--label") == ["tier=app"])
        #expect(try result.command("appweb.service").values(after: "--label").isEmpty)
    }

    @Test func dropInInAnotherSearchDirectoryApplies() throws {
        let dir = TempDir("twodirs")
        let first = dir.subdirectory("run")
        let second = dir.subdirectory("etc")
        dir.write("etc/web.container", "[Container]\nImage=quay.io/x/web\n")
        dir.write("run/web.container.d/override.conf", "[Container]\nImage=quay.io/x/runtime\n")
        #expect(try Harness.generate([first, second]).command("web.service").last == "quay.io/x/runtime")
    }

    @Test func theFirstSearchDirectoryWinsForAUnitName() throws {
        let dir = TempDir("firstwins")
        let first = dir.subdirectory("run")
        let second = dir.subdirectory("etc")
        dir.write("run/web.container", "[Container]\nImage=quay.io/x/first\n")
        dir.write("etc/web.container", "[Container]\nImage=quay.io/x/second\n")
        let result = Harness.generate([first, second])
        #expect(result.names == ["web.service"])
        #expect(try result.command("web.service").last == "quay.io/x/first")
    }

    @Test func brokenDropInIsReportedAndTheUnitStillGenerated() throws {
        let dir = TempDir("baddrop")
        dir.write("web.container", "[Container]\nImage=quay.io/x/web\n")
        let bad = dir.write("web.container.d/10-bad.conf", "[Container]\nthis line is wrong\n")
        dir.write("web.container.d/20-good.conf", "[Container]\nEnvironment=OK=1\n")
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(!result.messages(containing: "\(bad):2").isEmpty, "\(result.messages)")
        #expect(try result.command("web.service").values(after: "--env") == ["OK=1"])
    }

    @Test func templateAndInstance() throws {
        let dir = TempDir("template")
        dir.write("worker@.container", "[Container]\nImage=quay.io/x/worker\nExec=--id %i\n")
        dir.write("worker@blue.container", "[Container]\nImage=quay.io/x/worker\n")
        let result = Harness.generate(dir)
        #expect(Set(result.names) == ["worker@.service", "worker@blue.service"])
        #expect(try result.command("worker@.service").values(after: "--name") == ["systemd-%p_%i"])
        #expect(try result.command("worker@blue.service").values(after: "--name") == ["systemd-%p_%i"])
        #expect(try result.command("worker@.service").suffix(2) == ["--id", "%i"])
    }

    @Test func templateDropInsApplyToInstancesAndTheInstanceDirectoryWins() throws {
        let dir = TempDir("tdrop")
        dir.write("worker@.container", "[Container]\nImage=quay.io/x/worker\n")
        dir.write("worker@blue.container", "[Container]\nImage=quay.io/x/worker\n")
        dir.write("worker@.container.d/10-color.conf", "[Container]\nEnvironment=COLOR=any\n")
        dir.write("worker@.container.d/20-size.conf", "[Container]\nEnvironment=SIZE=m\n")
        dir.write("worker@blue.container.d/10-color.conf", "[Container]\nEnvironment=COLOR=blue\n")
        let result = Harness.generate(dir)
        #expect(try result.command("worker@.service").values(after: "--env") == ["COLOR=any", "SIZE=m"])
        #expect(try result.command("worker@blue.service").values(after: "--env") == ["COLOR=blue", "SIZE=m"])
    }

    @Test func templatePodMembersAreStartedOnlyWhenInstantiated() throws {
        let dir = TempDir("tpod")
        dir.write("stack.pod", "[Pod]\n")
        dir.write("worker@.container", "[Container]\nImage=quay.io/x/w\nPod=stack.pod\n")
        dir.write("worker@one.container", "[Container]\nImage=quay.io/x/w\nPod=stack.pod\n")
        let result = Harness.generate(dir)
        #expect(result.values("stack-pod.service", "Before") == ["worker@one.service"])
        #expect(result.values("worker@.service", "BindsTo") == ["stack-pod.service"])
    }
}
