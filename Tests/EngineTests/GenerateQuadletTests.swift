import Foundation
import Testing
@testable import Engine

/// `berth generate quadlet`: existing containers, pods, volumes and
/// networks as Quadlet files the generator turns back into services with
/// the same flags.
@Suite("CLI: generate quadlet", .enabled(if: EngineTestSupport.hasBusybox, "needs busybox-static to build the test image"))
struct GenerateQuadletTests {
    @Test("a container's flags come back as Quadlet keys (the rest as PodmanArgs=), with its volume and network; the generator makes services of them")
    func container() throws {
        let store = try ContainerTestSupport.store("gen-quadlet")
        #expect(try store.berth("volume", "create", "gq-data").status == 0)
        let net = try store.berth("network", "create", "--subnet", "10.205.7.0/24", "--label", "team=web", "gq-net")
        try #require(net.status == 0, "\(net.stderr)")
        let created = try store.berth("create", "--name", "web", "-p", "8080:80", "-v", "gq-data:/data", "-e", "GREETING=hello world",
                                      "-l", "app=web", "--network", "gq-net", "--restart", "on-failure:3", "--read-only", "--memory=64m",
                                      "-it", "--privileged", "--user", "1000:1000", "localhost/busybox", "sh", "-c", "echo hi; sleep 1")
        try #require(created.status == 0, "\(created.stderr)")

        let dir = store.dir + "/units"
        try FileSystem.makeDirectories(dir)
        let written = try store.berth("generate", "quadlet", "-d", dir, "web", "gq-data", "gq-net")
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.out == [dir + "/web.container", dir + "/gq-data.volume", dir + "/gq-net.network"].joined(separator: "\n"))
        let web = try String(contentsOfFile: dir + "/web.container", encoding: .utf8)
        for line in ["Image=localhost/busybox", "ContainerName=web", "PublishPort=8080:80", "Volume=gq-data:/data",
                     "Environment=\"GREETING=hello world\"", "Label=app=web", "Network=gq-net", "ReadOnly=true", "Memory=64m",
                     "User=1000", "Group=1000", "Exec=sh -c \"echo hi; sleep 1\"", "PodmanArgs=--interactive --tty --privileged",
                     "Restart=on-failure", "WantedBy=default.target"] {
            #expect(web.contains(line + "\n"), "web.container lacks \(line):\n\(web)")
        }
        #expect(!web.contains("--restart") && !web.contains("--name"), "what the service does itself is not repeated:\n\(web)")
        let network = try String(contentsOfFile: dir + "/gq-net.network", encoding: .utf8)
        #expect(network.contains("NetworkName=gq-net\n") && network.contains("Subnet=10.205.7.0/24\n") && network.contains("Label=team=web\n"), "\(network)")
        #expect(!network.contains("InterfaceName="), "the bridge name berth chose is chosen again:\n\(network)")
        #expect(try String(contentsOfFile: dir + "/gq-data.volume", encoding: .utf8).contains("VolumeName=gq-data\n"))

        let generated = try EngineTestSupport.run("/usr/bin/env", ["QUADLET_UNIT_DIRS=" + dir, EngineTestSupport.binDir! + "/berth-generator", "-dryrun", "-no-kmsg-log"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let service = generated.stdout.components(separatedBy: "---web.service---").dropFirst().first ?? ""
        for flag in ["--publish 8080:80", "-v gq-data:/data", "--label app=web", "--network gq-net", "--read-only", "--memory 64m",
                     "--user 1000:1000", "--privileged", "sh -c \"echo hi; sleep 1\""] {
            #expect(service.contains(flag), "web.service's command line lacks \(flag):\n\(service)")
        }
        #expect(generated.stdout.contains("---gq-data-volume.service---") && generated.stdout.contains("---gq-net-network.service---"))

        // Printed, the same files as one .quadlets bundle; written again, refused.
        let printed = try store.berth("generate", "quadlet", "web", "gq-data")
        #expect(printed.out.hasPrefix("# FileName=web.container\n") && printed.out.contains("---\n# FileName=gq-data.volume\n"), "\(printed.out)")
        #expect(try store.berth("generate", "quadlet", "-d", dir, "web").status != 0)
    }

    @Test("a pod and its member: PodName=, the pod's ports, Pod=NAME.pod; the infra container and unknown names are refused")
    func pod() throws {
        let store = try ContainerTestSupport.store("gen-quadlet-pod")
        try #require(try store.berth("pod", "create", "--name", "gq-pod", "--network", "none", "--label", "tier=app").status == 0)
        try #require(try store.berth("create", "--pod", "gq-pod", "--name", "member", "localhost/busybox", "true").status == 0)
        let out = try store.berth("generate", "quadlet", "gq-pod", "member")
        #expect(out.status == 0, "\(out.stderr)")
        for line in ["# FileName=gq-pod.pod", "PodName=gq-pod", "Network=none", "Label=tier=app", "# FileName=member.container", "Pod=gq-pod.pod"] {
            #expect(out.out.contains(line + "\n"), "lacks \(line):\n\(out.out)")
        }
        let infraID = try store.berth("pod", "inspect", "--format", "{{.InfraContainerID}}", "gq-pod").out
        let infra = try store.berth("generate", "quadlet", infraID)
        #expect(infra.status == 125 && infra.stderr.contains("is the infra container of pod"), "\(infra.stderr)")
        let missing = try store.berth("generate", "quadlet", "nosuch")
        #expect(missing.status == 125)
        #expect(missing.stderr == "Error: no container, pod, volume or network with name or ID \"nosuch\" found\n", "\(missing.stderr)")
    }
}
