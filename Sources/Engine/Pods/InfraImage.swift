#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The default infra image, built locally as Podman builds its pause
/// image: Debian's static `catatonit` as `/catatonit`, run as
/// `/catatonit -P` (it only holds the namespaces and reaps). No registry.
enum InfraImage {
    static let name = "localhost/berth-pause:" + BerthVersion.string
    static let catatonitPaths = ["/usr/bin/catatonit", "/usr/libexec/podman/catatonit"]

    /// The image's name, built first when the store lacks it. Built under a
    /// lock so concurrent pod creates build it once.
    static func ensure(_ store: Store) throws -> String {
        if try exists(store) { return name }
        let lock = try store.objectLock("infra-image")
        try lock.lock(exclusive: true)
        defer { lock.unlock() }
        if try exists(store) { return name }
        guard let catatonit = catatonitPaths.first(where: { access($0, X_OK) == 0 }) else {
            throw EngineError(.notFound, "cannot build the pod infra image \(name): catatonit is not installed (apt-get install catatonit), or give --infra-image")
        }
        let staging = try store.beginStaging()
        defer { staging.finish() }
        let root = staging.path + "/rootfs"
        try FileSystem.makeDirectories(root + "/etc")
        let copy = try ChildProcess.run(["/bin/cp", catatonit, root + "/catatonit"])
        guard copy.status == 0 else { throw EngineError(.system, "copying \(catatonit) for the infra image: \(copy.stderr)") }
        let tarball = staging.path + "/pause.tar"
        let tar = try ChildProcess.run(["/bin/tar", "-cf", tarball, "-C", root, "--owner=0", "--group=0", "."])
        guard tar.status == 0 else { throw EngineError(.system, "packing the infra image: \(tar.stderr)") }
        _ = try store.images.importTarball(path: tarball, names: [name], changes: ["ENTRYPOINT [\"/catatonit\", \"-P\"]"],
                                           message: "berth pod infra image (catatonit)")
        return name
    }

    private static func exists(_ store: Store) throws -> Bool {
        do { _ = try store.images.resolve(name); return true } catch let error as EngineError where error.kind == .notFound { return false }
    }
}
