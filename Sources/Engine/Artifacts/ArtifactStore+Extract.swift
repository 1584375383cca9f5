#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension ArtifactStore {
    /// `artifact extract NAME TARGET`: into an existing directory, every
    /// blob as the file its title annotation names (the digest, `:` as
    /// `-`, without one); to a file (or a path not there), the one blob
    /// (`digest`/`title` choose it when there are several). A title that
    /// is not a plain file name is refused, never followed out of TARGET.
    /// Returns the files written.
    @discardableResult
    public func extract(_ name: String, to target: String, digest: String? = nil, title: String? = nil) throws -> [String] {
        let artifact = try resolve(name)
        var layers = artifact.manifest.layers
        if let digest {
            layers = layers.filter { $0.digest.description == digest || $0.digest.hex == digest }
            if layers.isEmpty { throw EngineError.notFound("\(artifact.name): no blob with digest \(digest)") }
        }
        if let title {
            layers = layers.filter { $0.annotations?[ArtifactManifest.titleAnnotation] == title }
            if layers.isEmpty { throw EngineError.notFound("\(artifact.name): no blob with title \(title)") }
        }
        guard !layers.isEmpty else { throw EngineError.invalid("\(artifact.name): the artifact has no blobs") }
        var written: [String] = []
        if FileSystem.isDirectory(target) {
            var names = Set<String>()
            let planned = try layers.map { layer -> (Descriptor, String) in
                let file = try ArtifactStore.fileName(layer)
                guard names.insert(file).inserted else {
                    throw EngineError(.conflict, "\(artifact.name): two blobs have the title \(file)")
                }
                return (layer, target + "/" + file)
            }
            for (layer, path) in planned {
                try copyOut(layer, to: path)
                written.append(path)
            }
        } else {
            guard layers.count == 1 else {
                throw EngineError.invalid("\(artifact.name) has \(layers.count) blobs: use --digest or --title to choose one, or extract into a directory")
            }
            try copyOut(layers[0], to: target)
            written.append(target)
        }
        return written
    }

    /// The file name a blob is extracted as.
    static func fileName(_ layer: Descriptor) throws -> String {
        guard let title = layer.annotations?[ArtifactManifest.titleAnnotation] else {
            return "sha256-" + layer.digest.hex
        }
        guard !title.isEmpty, title != ".", title != "..", !title.contains("/"), !title.contains("\0") else {
            throw EngineError.invalid("blob \(layer.digest): title annotation \(title.debugDescription) is not a plain file name")
        }
        return title
    }

    /// Copies a blob out through a temporary file beside `path`, renamed over it.
    private func copyOut(_ layer: Descriptor, to path: String) throws {
        let source = blobs.path(layer.digest)
        guard FileSystem.exists(source) else { throw EngineError(.corrupt, "blob \(layer.digest) is missing from the artifact store") }
        let temporary = path + ".berth-" + FileSystem.randomHex(6)
        do {
            let (digest, _, _) = try ArtifactStore.copyHashing(source, to: temporary)
            guard digest == layer.digest else {
                throw EngineError(.corrupt, "blob \(layer.digest) in the artifact store is damaged (its content hashes to \(digest))")
            }
            chmod(temporary, 0o644 & ~currentUmask())
            if rename(temporary, path) != 0 { throw EngineError.system("rename to \(path)", errno) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}
