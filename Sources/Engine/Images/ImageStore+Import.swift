#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension ImageStore {
    /// `berth import`: a root filesystem tarball (plain, gzip, zstd, ...)
    /// becomes a one-layer image. `path` "-" reads standard input. Returns
    /// the new image's ID. `platform` is what the config records (`--os`,
    /// `--arch`, `--variant`), this machine's unless given.
    public func importTarball(path: String, names: [String], changes: [String], message: String?,
                              platform: Platform = .host) throws -> String {
        let refs = try names.map { try ImageReference.parseLocal($0).description }
        var containerConfig = ContainerConfig()
        for change in try changes.map(ImageChange.init(parsing:)) { change.apply(to: &containerConfig) }

        let input: Int32 = path == "-" ? dup(0) : open(path, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw EngineError.system("cannot open \(path)", errno) }
        defer { close(input) }

        let staging = try store.beginStaging()
        defer { staging.finish() }
        let layer = try store.layers.stage(input: input, parent: nil, parentChain: [], blobs: store.blobs, staging: staging,
                                           what: path == "-" ? "standard input" : path)
        let now = Timestamp.now()
        let created = Timestamp.rfc3339(now)
        let history = ImageConfig.History(created: created, createdBy: "/bin/sh -c #(nop) ADD file:\(layer.unpacked.diffID.hex) in / ",
                                          author: nil, comment: message, emptyLayer: nil)
        var config = ImageConfig(created: created, architecture: platform.architecture, os: platform.os,
                                 config: containerConfig, diffIDs: [layer.unpacked.diffID.description], history: [history])
        config.variant = platform.variant
        let configData = try JSONCoding.encoder(pretty: false).encode(config)
        return try commit(config: configData, layers: [layer], names: refs, created: now, staging: staging)
    }

    /// The OCI name of this machine's architecture.
    package static var hostArchitecture: String {
        var name = utsname()
        uname(&name)
        let machine = withUnsafePointer(to: name.machine) {
            $0.withMemoryRebound(to: CChar.self, capacity: 65) { String(cString: $0) }
        }
        switch machine {
        case "x86_64": return "amd64"
        case "aarch64": return "arm64"
        case "armv7l": return "arm"
        case "i686", "i386": return "386"
        default: return machine
        }
    }
}
