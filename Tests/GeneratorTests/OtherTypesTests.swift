import Generator
import Testing
import UnitParser

/// `.kube`, `.build`, `.image` and `.artifact` units.
@Suite("Kube, build, image and artifact conversion")
struct OtherTypesTests {
    @Test func kubePlaysTheYamlNextToTheUnit() throws {
        let dir = TempDir("kube")
        dir.write("app.kube", "[Kube]\nYaml=app.yaml\nSetWorkingDirectory=yaml\nKubeDownForce=true\n")
        let result = Harness.generate(dir)
        #expect(!result.failed, "\(result.messages)")
        #expect(result.names == ["app.service"])
        #expect(try result.command("app.service") == [
            "/usr/bin/podman", "kube", "play", "--replace", "--service-container=true", dir.path + "/app.yaml",
        ])
        #expect(try result.command("app.service", "ExecStopPost") == [
            "/usr/bin/podman", "kube", "down", "--force", dir.path + "/app.yaml",
        ])
        let service = try #require(result.service("app.service"))
        #expect(service.lookup("Type", in: "Service") == "notify")
        #expect(service.lookup("KillMode", in: "Service") == "mixed")
        #expect(service.lookup("WorkingDirectory", in: "Service") == dir.path)
    }

    @Test func kubeWithoutYamlFails() {
        let dir = TempDir("kube-noyaml")
        dir.write("app.kube", "[Kube]\nPublishPort=80:80\n")
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(!result.messages(containing: "no Yaml key specified").isEmpty)
    }

    @Test func buildAndAContainerUsingIt() throws {
        let dir = TempDir("build")
        dir.write("app.build", "[Build]\nImageTag=localhost/app:latest\nFile=Containerfile\nSetWorkingDirectory=unit\n")
        dir.write("app.container", "[Container]\nImage=app.build\n")
        let result = Harness.generate(dir)
        #expect(!result.failed, "\(result.messages)")
        #expect(try result.command("app-build.service") == [
            "/usr/bin/podman", "build", "--tag", "localhost/app:latest", "--file", "Containerfile", dir.path,
        ])
        let build = try #require(result.service("app-build.service"))
        #expect(build.lookup("Type", in: "Service") == "oneshot")
        #expect(build.lookup("RemainAfterExit", in: "Service") == nil)
        #expect(build.lookup("WorkingDirectory", in: "Service") == dir.path)

        #expect(try result.command("app.service").last == "localhost/app:latest")
        #expect(result.values("app.service", "Requires") == ["app-build.service"])
        // Builds convert before the containers that use them.
        #expect(result.names == ["app-build.service", "app.service"])
    }

    @Test func buildWithoutTagFails() {
        let dir = TempDir("build-notag")
        dir.write("app.build", "[Build]\nFile=/srv/Containerfile\n")
        let result = Harness.generate(dir)
        #expect(result.failed)
        #expect(!result.messages(containing: "no ImageTag key specified").isEmpty)
    }

    @Test func imagePullsWithItsOptions() throws {
        let dir = TempDir("image")
        dir.write("base.image", "[Image]\nImage=quay.io/x/base:1\nArch=arm64\nTLSVerify=false\nImageTag=localhost/base\n")
        let result = Harness.generate(dir)
        #expect(try result.command("base-image.service") == [
            "/usr/bin/podman", "image", "pull", "--arch", "arm64", "--tls-verify=false", "quay.io/x/base:1",
        ])
        let service = try #require(result.service("base-image.service"))
        #expect(service.lookup("Type", in: "Service") == "oneshot")
        #expect(service.lookup("RemainAfterExit", in: "Service") == "yes")
    }

    @Test func artifactPulls() throws {
        let dir = TempDir("artifact")
        dir.write("model.artifact", "[Artifact]\nArtifact=quay.io/x/model:1\nQuiet=true\n")
        let result = Harness.generate(dir)
        #expect(try result.command("model-artifact.service") == [
            "/usr/bin/podman", "artifact", "pull", "--quiet", "quay.io/x/model:1",
        ])
    }

    @Test func serviceNameSuffixesPerType() {
        let dir = TempDir("names")
        dir.write("n.network", "[Network]\n")
        dir.write("v.volume", "[Volume]\n")
        dir.write("p.pod", "[Pod]\n")
        dir.write("i.image", "[Image]\nImage=quay.io/x/i\n")
        dir.write("c.container", "[Container]\nImage=quay.io/x/c\n")
        dir.write("k.kube", "[Kube]\nYaml=/srv/k.yaml\n")
        dir.write("custom.volume", "[Volume]\nServiceName=storage\n")
        let result = Harness.generate(dir)
        #expect(!result.failed, "\(result.messages)")
        #expect(Set(result.names) == [
            "n-network.service", "v-volume.service", "p-pod.service", "i-image.service", "c.service", "k.service",
            "storage.service",
        ])
    }
}
