import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `berth build` end to end: real RUN containers under runc, over a
/// busybox image the tests import.
@Suite("Build: berth build", .serialized, .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct BuildTests {
    /// A context directory with `files` (relative path: content).
    static func context(_ store: TestStore, _ files: [String: String]) throws -> String {
        let dir = store.dir + "/ctx-" + FileSystem.randomHex(3)
        for (path, content) in files {
            try FileSystem.makeDirectories(((dir + "/" + path) as NSString).deletingLastPathComponent, mode: 0o755)
            try Data(content.utf8).write(to: URL(fileURLWithPath: dir + "/" + path))
        }
        return dir
    }

    static let sixSteps = """
    FROM localhost/busybox
    COPY a.txt /app/a.txt
    RUN echo built > /app/b.txt && cat /app/a.txt
    ENV GREETING=hello
    WORKDIR /app
    CMD ["sh", "-c", "cat a.txt b.txt; echo $GREETING"]

    """

    @Test("a build prints Podman's steps, commits a tagged image that runs, and a second build uses the cache for every step")
    func buildAndCache() throws {
        let store = try ContainerTestSupport.store("build")
        let ctx = try Self.context(store, ["Containerfile": Self.sixSteps, "a.txt": "from the context\n"])
        let first = try store.berth("build", "-t", "app", "-t", "app:v1", ctx)
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "STEP 1/6: FROM localhost/busybox")
        #expect(lines.contains("STEP 2/6: COPY a.txt /app/a.txt"))
        #expect(lines.contains("from the context"), "RUN's output is shown")
        #expect(lines.contains("COMMIT app"))
        #expect(lines.contains("Successfully tagged localhost/app:latest"))
        #expect(lines.contains("Successfully tagged localhost/app:v1"))
        let id = try #require(lines.last)
        #expect(id.count == 64)
        #expect(lines.filter { $0.hasPrefix("--> ") }.count == 5)

        let run = try store.berth("run", "--rm", "localhost/app")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "from the context\nbuilt\nhello\n")
        #expect(try store.berth("image", "inspect", "--format", "{{.Config.WorkingDir}}", "app:v1").stdout == "/app\n")

        let second = try store.berth("build", "-t", "app", ctx)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.components(separatedBy: "--> Using cache ").count - 1 == 5, "\(second.stdout)")
        #expect(!second.stdout.contains("from the context"), "a cached RUN does not run")
        #expect(second.stdout.hasSuffix(id + "\n"), "the same image")

        // A changed COPY source: that step and those after it run again.
        try Data("changed\n".utf8).write(to: URL(fileURLWithPath: ctx + "/a.txt"))
        let third = try store.berth("build", "-q", "-t", "app", ctx)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.count == 65 && third.stdout != second.stdout, "-q prints the new image's ID alone: \(third.stdout)")
        #expect(try store.berth("run", "--rm", "app", "cat", "/app/a.txt", "/app/b.txt").stdout == "changed\nbuilt\n")
        #expect(ContainerTestSupport.mounts(under: store.dir) == [], "no working container stays mounted")
    }

    @Test("a failing RUN names the step and its line, exits with its status, and leaves no image or container behind")
    func failingRun() throws {
        let store = try ContainerTestSupport.store("build-fail")
        let ctx = try Self.context(store, ["Containerfile": "FROM localhost/busybox\nRUN echo out; exit 3\n"])
        let r = try store.berth("build", "-t", "broken", ctx)
        #expect(r.status == 3)
        #expect(r.stdout.contains("out\n"))
        #expect(r.stderr.contains("Error: building at STEP \"RUN echo out; exit 3\": Containerfile:2: while running runtime: exit status 3"), "\(r.stderr)")
        #expect(try store.berth("image", "exists", "broken").status == 1)
        #expect(ContainerTestSupport.mounts(under: store.dir) == [])
        #expect(ContainerTestSupport.runtimeContainers(store) == [])
        #expect(FileSystem.list(store.root + "/tmp").filter { $0.hasPrefix("op-") } == [], "the staging area is gone")
    }

    @Test("bad input: unknown instruction, missing COPY source, a cycle of stages, each with the file's line")
    func badInput() throws {
        let store = try ContainerTestSupport.store("build-bad")
        let unknown = try Self.context(store, ["Containerfile": "FROM localhost/busybox\nFOO bar\n"])
        let r1 = try store.berth("build", unknown)
        #expect(r1.status == 125)
        #expect(r1.stderr == "Error: Containerfile:2: unknown instruction: \"FOO\"\n")

        let missing = try Self.context(store, ["Containerfile": "FROM localhost/busybox\nCOPY nope /x\n"])
        let r2 = try store.berth("build", "-t", "m", missing)
        #expect(r2.status == 125)
        #expect(r2.stderr.contains("building at STEP \"COPY nope /x\": Containerfile:2: COPY source \"nope\": no such file or directory"), "\(r2.stderr)")
        #expect(try store.berth("image", "exists", "m").status == 1)

        let cycle = try Self.context(store, ["Dockerfile": "FROM localhost/busybox AS a\nCOPY --from=b /x /x\nFROM localhost/busybox AS b\n"])
        let r3 = try store.berth("build", cycle)
        #expect(r3.status == 125)
        #expect(r3.stderr.contains("Dockerfile:2: COPY --from=b: stage \"b\" refers to itself or a later stage (a cycle)"), "\(r3.stderr)")
    }

    @Test("--annotation lands in the built image's manifest, as image inspect shows")
    func annotation() throws {
        let store = try ContainerTestSupport.store("build-annotation")
        let ctx = try Self.context(store, ["Containerfile": "FROM localhost/busybox\nLABEL a=b\n"])
        let built = try store.berth("build", "-q", "-t", "annotated", "--annotation", "org.example.team=build", ctx)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.isEmpty, "no warning: \(built.stderr)")
        #expect(try store.berth("image", "inspect", "--format", "{{index .Annotations \"org.example.team\"}}", "annotated").stdout == "build\n")
    }

    @Test("--platform (and FROM --platform) is accepted for this machine's platform and refused, by name, for another")
    func platform() throws {
        let store = try ContainerTestSupport.store("build-platform")
        let host = "linux/" + ImageStore.hostArchitecture
        let other = ImageStore.hostArchitecture == "arm64" ? "linux/amd64" : "linux/arm64"
        let ctx = try Self.context(store, ["Containerfile": "FROM localhost/busybox\nLABEL a=b\n"])
        let built = try store.berth("build", "-q", "--platform", host, ctx)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.isEmpty, "no warning: \(built.stderr)")

        let foreign = try store.berth("build", "-t", "foreign", "--platform", other, ctx)
        #expect(foreign.status == 125)
        #expect(foreign.stderr == "Error: building for \(other) is not supported: berth builds only for this machine's platform (\(host))\n", "\(foreign.stderr)")
        let fromForeign = try Self.context(store, ["Containerfile": "FROM --platform=\(other) localhost/busybox\nLABEL a=b\n"])
        let r = try store.berth("build", "-t", "foreign", fromForeign)
        #expect(r.status == 125)
        #expect(r.stderr.contains("FROM --platform=\(other): building for \(other) is not supported"), "\(r.stderr)")
        #expect(try store.berth("image", "exists", "foreign").status == 1)
        let fromHost = try Self.context(store, ["Containerfile": "ARG BUILDPLATFORM\nFROM --platform=$BUILDPLATFORM localhost/busybox\nLABEL a=b\n"])
        let r2 = try store.berth("build", "-q", fromHost)
        #expect(r2.status == 0, "\(r2.stderr)")
    }

    @Test("multi-stage with --target, COPY --from, --chown/--chmod, ADD of a tar, .containerignore, ARG and --build-arg, a secret")
    func stagesAndInputs() throws {
        let store = try ContainerTestSupport.store("build-stages")
        let containerfile = """
        ARG BASE=localhost/busybox
        FROM $BASE AS builder
        ARG WHO=nobody
        RUN echo "made by $WHO" > /made
        RUN --mount=type=secret,id=token cat /run/secrets/token > /token-copy

        FROM $BASE AS final
        COPY --from=builder /made /made
        COPY --from=builder /token-copy /token
        COPY --chown=65534:65534 --chmod=600 files/ /files/
        ADD archive.tar /unpacked/
        LABEL stage=final

        FROM final AS unused
        RUN false

        """
        let ctx = try Self.context(store, ["Containerfile": containerfile, "files/keep.txt": "keep\n", "files/skip.log": "skip\n",
                                           ".containerignore": "files/*.log\n", "secret.txt": "s3cret\n",
                                           "tree/inner.txt": "inner\n"])
        #expect(try EngineTestSupport.run("/bin/tar", ["-cf", ctx + "/archive.tar", "-C", ctx + "/tree", "."]).status == 0)
        let r = try store.berth("build", "--target", "final", "--build-arg", "WHO=tests", "--secret", "id=token,src=\(ctx)/secret.txt",
                                "-t", "staged", ctx)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[1/2] STEP 1/4: FROM localhost/busybox AS builder"), "\(r.stdout)")
        #expect(r.stdout.contains("[2/2] COMMIT staged"))
        #expect(!r.stdout.contains("RUN false"), "stages after the target do not run")
        let check = try store.berth("run", "--rm", "staged", "sh", "-c",
                                    "cat /made /token /unpacked/inner.txt; stat -c '%u:%g %a' /files/keep.txt; ls /files")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "made by tests\ns3cret\ninner\n65534:65534 600\nkeep.txt\n")
        #expect(try store.berth("image", "inspect", "--format", "{{.Labels.stage}}", "staged").stdout == "final\n")

        let buildArguments = ["build", "--target", "final", "--build-arg", "WHO=tests", "--secret", "id=token,src=\(ctx)/secret.txt", "-t", "staged", ctx]
        let again = try store.berth(buildArguments)
        #expect(again.stdout.components(separatedBy: "--> Using cache").count - 1 == 8, "every step of both stages: \(again.stdout)")
        // The builder stage's layers are held by the cache alone: image prune frees them.
        #expect(try store.berth("image", "prune", "-f").status == 0)
        let pruned = try store.berth(buildArguments)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        // Its first RUN's layer is byte for byte the layer `COPY --from=builder /made`
        // made (same file, same time), which the image holds: only the last RUN runs again.
        #expect(pruned.stdout.components(separatedBy: "--> Using cache").count - 1 == 7, "\(pruned.stdout)")
        #expect(!pruned.stdout.contains("/token-copy\n--> Using cache"), "the secret RUN ran again")
        #expect(try store.berth("run", "--rm", "staged", "cat", "/made").stdout == "made by tests\n")
    }

    @Test("--layers=false makes one new layer and no cache; --iidfile; --format docker keeps HEALTHCHECK and ONBUILD, which runs in a child build")
    func layersFormatAndOnBuild() throws {
        let store = try ContainerTestSupport.store("build-format")
        let ctx = try Self.context(store, ["Containerfile": Self.sixSteps, "a.txt": "a\n",
                                           "Parent": "FROM localhost/busybox\nONBUILD RUN echo triggered > /t\nHEALTHCHECK --interval=5s CMD true\n",
                                           "Child": "FROM parent\nRUN cat /t\n"])
        let flat = try store.berth("build", "--layers=false", "--iidfile", store.dir + "/iid", "-t", "flat", ctx)
        #expect(flat.status == 0, "\(flat.stderr)")
        #expect(!flat.stdout.contains("--> Using cache") && flat.stdout.components(separatedBy: "\n--> ").count == 2, "only the commit's id: \(flat.stdout)")
        #expect(try store.berth("image", "inspect", "--format", "{{len .RootFS.Layers}}", "flat").stdout == "2\n", "the base and one new layer")
        let iid = try String(contentsOfFile: store.dir + "/iid", encoding: .utf8)
        #expect(flat.stdout.hasSuffix(iid.dropFirst("sha256:".count) + "\n"))
        #expect(try store.berth("run", "--rm", "flat").stdout == "a\nbuilt\nhello\n")

        let oci = try store.berth("build", "-f", "Parent", "-t", "parent-oci", ctx)
        #expect(oci.stderr.contains("HEALTHCHECK is not supported for OCI image format and will be ignored. Must use `docker` format"))
        #expect(try !store.berth("image", "inspect", "--format", "{{json .Config}}", "parent-oci").stdout.contains("CMD-SHELL"))
        let docker = try store.berth("build", "--format", "docker", "-f", "Parent", "-t", "parent", ctx)
        #expect(docker.status == 0, "\(docker.stderr)")
        #expect(try store.berth("image", "inspect", "--format", "{{.Config.Healthcheck.Test}}", "parent").stdout == "[CMD-SHELL true]\n")
        let child = try store.berth("build", "-f", "Child", "-t", "child", ctx)
        #expect(child.status == 0, "\(child.stderr)")
        #expect(child.stdout.contains("triggered\n"), "the parent's ONBUILD ran before the child's RUN")
    }

    @Test("a built image saved with berth loads in podman with its config and every layer", .enabled(if: EngineTestSupport.which("podman") != nil, "needs podman"))
    func savedLoadsInPodman() throws {
        let store = try ContainerTestSupport.store("build-podman")
        let ctx = try Self.context(store, ["Containerfile": Self.sixSteps, "a.txt": "portable\n"])
        #expect(try store.berth("build", "-q", "-t", "portable", ctx).status == 0)
        let archive = store.dir + "/portable.tar"
        #expect(try store.berth("save", "-o", archive, "localhost/portable").status == 0)
        // podman refuses a run root longer than 50 characters.
        let podmanRun = "/tmp/bpr-\(getpid())-" + FileSystem.randomHex(3)
        let podman = ["--root", store.dir + "/podman-root", "--runroot", podmanRun, "--storage-driver", "vfs"]
        store.onCleanup {
            _ = try? EngineTestSupport.run("/usr/bin/podman", podman + ["system", "reset", "-f"])
            try? FileSystem.removeTree(podmanRun)
        }
        let load = try EngineTestSupport.run("/usr/bin/podman", podman + ["load", "-i", archive])
        #expect(load.status == 0, "\(load.stderr)")
        let config = try EngineTestSupport.run("/usr/bin/podman", podman + ["image", "inspect", "--format",
                                                                       "{{.Config.WorkingDir}} {{.Config.Cmd}} {{.Config.Env}}", "localhost/portable"])
        #expect(config.stdout.hasPrefix("/app [sh -c cat a.txt b.txt; echo $GREETING] ["), "\(config.stdout) \(config.stderr)")
        #expect(config.stdout.contains("GREETING=hello"))
        // podman's own rlimits are refused on this host outside a box: its
        // view of the layers is read through create + export instead of run.
        let created = try EngineTestSupport.run("/usr/bin/podman", podman + ["create", "--name", "p", "localhost/portable"])
        #expect(created.status == 0, "\(created.stderr)")
        let exported = try EngineTestSupport.run("/bin/sh", ["-c", "/usr/bin/podman \(podman.joined(separator: " ")) export p | tar -xOf - app/a.txt app/b.txt"])
        #expect(exported.stdout == "portable\nbuilt\n", "\(exported.stderr)")
    }
}
