import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `berth build` whose FROM image lives in a registry (Debian's
/// docker-registry on loopback).
@Suite("Build: FROM a registry image", .enabled(if: TestRegistry.available && ContainerTestSupport.canRunContainers, TestRegistry.reason))
struct BuildPullTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("FROM a registry image pulls it (pull lines on stderr), --pull=never refuses a missing one with the line")
    func fromRegistry() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("bpull-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/base:1")
        try registry.push("docker-archive:" + archive, to: "base:1")

        let store = TestStore("bpull")
        let ctx = store.dir + "/ctx"
        try FileSystem.makeDirectories(ctx, mode: 0o755)
        try Data("FROM \(registry.plain)/base:1\nLABEL built=yes\n".utf8).write(to: URL(fileURLWithPath: ctx + "/Containerfile"))
        let never = try store.berth("build", "--pull=never", ctx)
        #expect(never.status == 125)
        #expect(never.stderr.contains("Containerfile:1: FROM \(registry.plain)/base:1:"), "\(never.stderr)")

        let built = try store.berth("build", "--tls-verify=false", "-t", "derived", ctx)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.contains("Trying to pull \(registry.plain)/base:1..."))
        #expect(try store.berth("image", "inspect", "--format", "{{.Id}}", "\(registry.plain)/base:1").stdout == id + "\n")
        #expect(try store.berth("image", "inspect", "--format", "{{.Labels.built}}", "derived").stdout == "yes\n")
    }
}
