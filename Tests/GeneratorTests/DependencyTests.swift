import Generator
import Testing
import UnitParser

/// Units referring to each other: `Network=x.network`, `Volume=x.volume:/d`,
/// `Pod=x.pod`, `Image=x.image`.
@Suite("References between units")
struct DependencyTests {
    @Test func networkReferenceUsesTheNetworksNameAndDependsOnIt() throws {
        let dir = TempDir("net")
        dir.write("app.network", "[Network]\nSubnet=10.89.0.0/24\n")
        dir.write("web.container", "[Container]\nImage=quay.io/x/y\nNetwork=app.network\n")
        let result = Harness.generate(dir)
        #expect(!result.failed)
        #expect(try result.command("web.service").values(after: "--network") == ["systemd-app"])
        #expect(result.values("web.service", "Requires") == ["app-network.service"])
        #expect(result.values("web.service", "After") == ["network-online.target", "app-network.service"])

        let network = try #require(result.service("app-network.service"))
        #expect(network.lookup("Type", in: "Service") == "oneshot")
        #expect(network.lookup("RemainAfterExit", in: "Service") == "yes")
        #expect(try result.command("app-network.service") == [
            "/usr/bin/podman", "network", "create", "--ignore", "--subnet", "10.89.0.0/24", "systemd-app",
        ])
        // Networks are converted before the containers that use them.
        #expect(result.names == ["app-network.service", "web.service"])
    }

    @Test func networkNameAndOptionsCarryOver() throws {
        let dir = TempDir("netname")
        dir.write("app.network", "[Network]\nNetworkName=backend\n")
        dir.write("web.container", "[Container]\nImage=quay.io/x/y\nNetwork=app.network:ip=10.89.0.5\nNetwork=host\n")
        let result = Harness.generate(dir)
        #expect(try result.command("web.service").values(after: "--network") == ["backend:ip=10.89.0.5", "host"])
        #expect(try result.command("app-network.service").last == "backend")
        #expect(result.values("web.service", "Requires") == ["app-network.service"])
    }

    @Test func joiningAnotherContainersNetwork() throws {
        let dir = TempDir("netcontainer")
        dir.write("db.container", "[Container]\nImage=quay.io/x/db\n")
        dir.write("app.container", "[Container]\nImage=quay.io/x/app\nNetwork=db.container\n")
        dir.write("bad.container", "[Container]\nImage=quay.io/x/app\nNetwork=db.container:ip=10.0.0.2\n")
        let result = Harness.generate(dir)
        #expect(try result.command("app.service").values(after: "--network") == ["container:systemd-db"])
        #expect(result.values("app.service", "Requires") == ["db.service"])
        #expect(result.names.contains("db.service"))
        #expect(!result.names.contains("bad.service"))
        #expect(!result.messages(containing: "extra options are not supported when joining another container's network").isEmpty)
    }

    @Test func volumeReferenceUsesTheVolumesNameAndDependsOnIt() throws {
        let dir = TempDir("vol")
        dir.write("data.volume", "[Volume]\nLabel=app=web\n")
        dir.write("named.volume", "[Volume]\nVolumeName=shared\n")
        dir.write("web.container", """
            [Container]
            Image=quay.io/x/y
            Volume=data.volume:/d
            Volume=named.volume:/shared:ro,z
            Volume=/srv/static:/static
            """)
        let result = Harness.generate(dir)
        #expect(!result.failed)
        #expect(try result.command("web.service").values(after: "-v") == [
            "systemd-data:/d", "shared:/shared:ro,z", "/srv/static:/static",
        ])
        #expect(result.values("web.service", "Requires") == ["data-volume.service", "named-volume.service"])
        #expect(result.values("web.service", "After").suffix(2) == ["data-volume.service", "named-volume.service"])
        #expect(result.values("web.service", "RequiresMountsFor").contains("/srv/static"))

        #expect(try result.command("data-volume.service") == [
            "/usr/bin/podman", "volume", "create", "--ignore", "--label", "app=web", "systemd-data",
        ])
        #expect(result.service("data-volume.service")?.lookup("Type", in: "Service") == "oneshot")
        #expect(try result.command("named-volume.service").last == "shared")
    }

    @Test func podMembersBindToThePodAndThePodStartsThem() throws {
        let dir = TempDir("pod")
        dir.write("stack.pod", "[Pod]\nPublishPort=8080:80\n")
        dir.write("web.container", "[Container]\nImage=quay.io/x/web\nPod=stack.pod\n")
        dir.write("db.container", "[Container]\nImage=quay.io/x/db\nPod=stack.pod\n")
        dir.write("side.container", "[Container]\nImage=quay.io/x/side\nPod=stack.pod\nStartWithPod=false\n")
        let result = Harness.generate(dir)
        #expect(!result.failed)

        for member in ["web.service", "db.service", "side.service"] {
            #expect(try result.command(member).values(after: "--pod") == ["systemd-stack"])
            #expect(result.values(member, "BindsTo") == ["stack-pod.service"])
            #expect(result.values(member, "After").contains("stack-pod.service"))
        }
        #expect(Set(result.values("stack-pod.service", "Wants")) == ["network-online.target", "web.service", "db.service"])
        #expect(Set(result.values("stack-pod.service", "Before")) == ["web.service", "db.service"])

        let pod = try #require(result.service("stack-pod.service"))
        #expect(pod.lookup("Type", in: "Service") == "forking")
        #expect(pod.lookup("PIDFile", in: "Service") == "%t/%N.pid")
        #expect(try result.command("stack-pod.service") == ["/usr/bin/podman", "pod", "start", "systemd-stack"])
        let create = try result.command("stack-pod.service", "ExecStartPre")
        #expect(Array(create.prefix(8)) == [
            "/usr/bin/podman", "pod", "create", "--infra-conmon-pidfile=%t/%N.pid", "--replace", "--exit-policy", "stop", "--publish",
        ])
        #expect(create.values(after: "--name") == ["systemd-stack"])
        #expect(create.values(after: "--infra-name") == ["systemd-stack-infra"])
        // Pods convert last, after every member is known.
        #expect(result.names.last == "stack-pod.service")
    }

    @Test func imageUnitReferenceUsesTheImageName() throws {
        let dir = TempDir("img")
        dir.write("base.image", "[Image]\nImage=quay.io/x/base:1\n")
        dir.write("app.container", "[Container]\nImage=base.image\n")
        let result = Harness.generate(dir)
        #expect(try result.command("app.service").last == "quay.io/x/base:1")
        #expect(result.values("app.service", "Requires") == ["base-image.service"])
        #expect(try result.command("base-image.service") == ["/usr/bin/podman", "image", "pull", "quay.io/x/base:1"])
    }

    @Test(arguments: [
        ("Network=missing.network", "requested Quadlet unit missing.network was not found"),
        ("Volume=missing.volume:/d", "requested Quadlet source missing.volume was not found"),
        ("Pod=missing.pod", "quadlet pod unit missing.pod does not exist"),
        ("Image=missing.image", "requested Quadlet image missing.image was not found"),
    ])
    func missingReferencesNameTheFileAndLine(_ line: String, _ message: String) throws {
        let dir = TempDir("missing")
        let body = line.hasPrefix("Image=") ? line : "Image=quay.io/x/y\n" + line
        let path = dir.write("broken.container", "[Unit]\nDescription=x\n\n[Container]\n" + body + "\n")
        dir.write("fine.container", "[Container]\nImage=quay.io/x/y\n")
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(result.names == ["fine.service"])
        let lineNumber = line.hasPrefix("Image=") ? 5 : 6
        let reported = result.messages(containing: #"converting "broken.container": "#)
        #expect(reported.count == 1)
        #expect(reported.first?.contains(message) == true, "\(reported)")
        #expect(reported.first?.contains("\(path):\(lineNumber)") == true, "\(reported)")
    }
}
