/// What `berth build` was asked: Podman's build flags as plain values.
package struct BuildOptions: Sendable {
    /// The context directory (files COPY and ADD read).
    package var context: String
    /// `-f`: Containerfiles, concatenated in order; empty: `Containerfile`
    /// or `Dockerfile` in the context.
    package var files: [String] = []
    /// `-t`: names for the built image.
    package var tags: [String] = []
    /// `--build-arg` and `--build-arg-file` values (later ones win).
    package var buildArgs: [String: String] = [:]
    package var target: String?
    /// `--pull`: when FROM images are fetched from a registry.
    package var pull: PullPolicy = .missing
    package var pullOptions = PullOptions()
    package var noCache = false
    /// `--layers` (Podman's default): one layer and one cache entry per step;
    /// false: one new layer per stage and no cache.
    package var layers = true
    /// `--squash`: the new layers of the image as one.
    package var squash = false
    package var format: ImageFormat = .oci
    package var labels: [String: String] = [:]
    /// `--annotation`: written into the built image's manifest.
    package var annotations: [String: String] = [:]
    /// `--env`: set in the image's environment (and RUN's).
    package var env: [String] = []
    package var iidFile: String?
    package var quiet = false
    /// `--network` for RUN: host (berth's default), none, or ns:PATH.
    package var network: String?
    /// `--secret id=ID,src=PATH`: by id.
    package var secrets: [String: String] = [:]
    /// `-v` bind mounts for RUN (`SRC:DST[:OPTIONS]`).
    package var volumes: [String] = []
    package var ignoreFile: String?
    package var runtime: String?
    package var dnsServers: [String] = []
    package var dnsSearch: [String] = []
    package var dnsOptions: [String] = []
    package var groupAdd: [String] = []
    /// `--platform`, `--os`, `--arch`, `--variant`: must be this machine's
    /// (Podman builds for others by emulation; berth does not).
    package var platform: Platform = .host

    package init(context: String) { self.context = context }

    package enum ImageFormat: String, Sendable {
        case oci, docker
    }

    /// `--secret id=ID,src=PATH` (also `source=`, `type=file`).
    package static func parseSecret(_ value: String) throws -> (String, String) {
        var id: String?
        var source: String?
        for part in value.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw EngineError.invalid("invalid secret \(value.debugDescription): expected id=ID,src=PATH") }
            switch kv[0] {
            case "id": id = kv[1]
            case "src", "source": source = kv[1]
            case "type":
                guard kv[1] == "file" else { throw EngineError.invalid("secret \(value.debugDescription): only type=file is supported") }
            case "env": throw EngineError.invalid("secret \(value.debugDescription): env= secrets are not supported yet; use src=PATH")
            default: throw EngineError.invalid("invalid secret option \(kv[0].debugDescription) in \(value.debugDescription)")
            }
        }
        guard let id, !id.isEmpty else { throw EngineError.invalid("invalid secret \(value.debugDescription): id= is required") }
        guard let source, !source.isEmpty else { throw EngineError.invalid("invalid secret \(value.debugDescription): src= is required") }
        return (id, source)
    }
}
