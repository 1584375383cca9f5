import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// A multi-arch OCI image index (amd64 and arm64 images over one busybox
/// layer), written as an OCI layout here and copied with `skopeo --all`:
/// pull chooses by the host's platform, `--arch` and `--platform`.
@Suite("Engine: pulling from a multi-arch index", .enabled(if: TestRegistry.available, TestRegistry.reason))
struct RegistryMultiArchTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    /// Writes the layout; returns the config digest of each architecture.
    static func writeLayout(_ dir: String, architectures: [String]) throws -> [String: Digest] {
        let blobs = dir + "/layout/blobs/sha256"
        try FileSystem.makeDirectories(blobs)
        func store(_ data: Data) throws -> Digest {
            let digest = Digest.of(data)
            try data.write(to: URL(fileURLWithPath: blobs + "/" + digest.hex))
            return digest
        }
        let layer = try FileSystem.readFile(ContainerTestSupport.tarball(in: dir))
        let layerDigest = try store(layer)
        var configs: [String: Digest] = [:]
        var entries: [String] = []
        for architecture in architectures {
            let config = Data("""
            {"architecture":"\(architecture)","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["\(layerDigest)"]}}
            """.utf8)
            let configDigest = try store(config)
            configs[architecture] = configDigest
            let manifest = try JSONEncoder().encode(ImageManifest(
                config: Descriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(config.count)),
                layers: [Descriptor(mediaType: MediaType.ociLayer, digest: layerDigest, size: Int64(layer.count))]))
            let manifestDigest = try store(manifest)
            entries.append("""
            {"mediaType":"\(MediaType.ociManifest)","digest":"\(manifestDigest)","size":\(manifest.count),"platform":{"architecture":"\(architecture)","os":"linux"}}
            """)
        }
        let index = Data("{\"schemaVersion\":2,\"mediaType\":\"\(MediaType.ociIndex)\",\"manifests\":[\(entries.joined(separator: ","))]}".utf8)
        let indexDigest = try store(index)
        try Data("{\"imageLayoutVersion\":\"1.0.0\"}".utf8).write(to: URL(fileURLWithPath: dir + "/layout/oci-layout"))
        try Data("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"\(MediaType.ociIndex)\",\"digest\":\"\(indexDigest)\",\"size\":\(index.count)}]}".utf8)
            .write(to: URL(fileURLWithPath: dir + "/layout/index.json"))
        return configs
    }

    @Test("the host's image by default, another with --arch or --platform, none for an absent platform")
    func choosesByPlatform() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let work = TestStore("reg-multi-src")
        let other = ImageStore.hostArchitecture == "arm64" ? "amd64" : "arm64"
        let configs = try Self.writeLayout(work.dir, architectures: [ImageStore.hostArchitecture, other])
        try registry.push("oci:" + work.dir + "/layout", to: "multi:1", flags: ["--all"])
        let name = "\(registry.plain)/multi:1"

        let host = TestStore("reg-multi-host")
        let pulled = try host.berth("pull", "-q", "--tls-verify=false", name)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout == configs[ImageStore.hostArchitecture]!.hex + "\n")

        let byArch = TestStore("reg-multi-arch")
        let arch = try byArch.berth("pull", "-q", "--tls-verify=false", "--arch", other, name)
        #expect(arch.status == 0, "\(arch.stderr)")
        #expect(arch.stdout == configs[other]!.hex + "\n")
        let platform = try byArch.berth("pull", "-q", "--tls-verify=false", "--platform", "linux/" + other, name)
        #expect(platform.stdout == configs[other]!.hex + "\n")

        let absent = try byArch.berth("pull", "-q", "--tls-verify=false", "--platform", "linux/s390x", name)
        #expect(absent.status == 125)
        #expect(absent.stderr.contains("no image found in manifest list for architecture s390x"), "\(absent.stderr)")
    }
}
