import Foundation

/// Parses `-v`, `--mount` and `--tmpfs` values.
package enum ContainerMountParser {
    package static func volume(_ spec: String) throws -> ContainerMountSpec {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 1, parts.count <= 3, !parts[0].isEmpty else { throw EngineError.invalid("invalid volume specification \(spec.debugDescription)") }
        // `-v /data` or `-v /data:ro`: an anonymous volume.
        if parts[0].hasPrefix("/") && (parts.count == 1 || (parts.count == 2 && !parts[1].hasPrefix("/"))) {
            let options = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
            for o in options where !["ro", "rw", "z", "Z", "U", "O", "rprivate", "private", "rshared", "shared", "rslave", "slave",
                                      "nosuid", "suid", "nodev", "dev", "noexec", "exec", "copy", "nocopy"].contains(o) {
                throw EngineError.invalid("invalid volume option \(o.debugDescription) in \(spec.debugDescription)")
            }
            return ContainerMountSpec(kind: .volume, source: "", destination: parts[0], options: options, anonymous: true)
        }
        guard parts.count >= 2 else { throw EngineError.invalid("invalid volume specification \(spec.debugDescription)") }
        let source = parts[0]
        let destination = parts[1]
        guard destination.hasPrefix("/") else { throw EngineError.invalid("invalid container path \(destination.debugDescription), must be an absolute path") }
        let options = parts.count > 2 ? parts[2].split(separator: ",").map(String.init) : []
        for o in options where !["ro", "rw", "z", "Z", "U", "O", "rprivate", "private", "rshared", "shared", "rslave", "slave", "bind", "rbind",
                                  "nosuid", "suid", "nodev", "dev", "noexec", "exec", "copy", "nocopy", "idmap"].contains(o) {
            throw EngineError.invalid("invalid volume option \(o.debugDescription) in \(spec.debugDescription)")
        }
        if source.hasPrefix("/") || source.hasPrefix(".") {
            return ContainerMountSpec(kind: .bind, source: absolute(source), destination: destination, options: options)
        }
        try VolumeStore.validateName(source)
        return ContainerMountSpec(kind: .volume, source: source, destination: destination, options: options)
    }

    package static func mount(_ spec: String) throws -> ContainerMountSpec {
        var kind = ContainerMountSpec.Kind.volume
        var source = ""
        var destination = ""
        var options: [String] = []
        for field in spec.split(separator: ",").map(String.init) {
            let kv = field.split(separator: "=", maxSplits: 1).map(String.init)
            let key = kv[0], value = kv.count > 1 ? kv[1] : ""
            switch key {
            case "type":
                guard let k = ContainerMountSpec.Kind(rawValue: value) else { throw EngineError.invalid("unsupported mount type \(value.debugDescription)") }
                kind = k
            case "source", "src": source = value
            case "destination", "dst", "target": destination = value
            case "ro", "readonly": if value.isEmpty || value == "true" { options.append("ro") }
            case "rw": options.append("rw")
            case "tmpfs-size": options.append("size=" + value)
            case "tmpfs-mode": options.append("mode=" + value)
            case "relabel", "chown", "idmap", "bind-nonrecursive", "consistency": break
            case "bind-propagation": options.append(value)
            default: options.append(field)
            }
        }
        guard destination.hasPrefix("/") else { throw EngineError.invalid("invalid --mount \(spec.debugDescription): destination must be an absolute path") }
        if kind == .bind { source = absolute(source) }
        if kind == .volume && source.isEmpty {
            return ContainerMountSpec(kind: .volume, source: "", destination: destination, options: options, anonymous: true)
        }
        if kind == .volume { try VolumeStore.validateName(source) }
        if kind == .artifact && source.isEmpty { throw EngineError.invalid("invalid --mount \(spec.debugDescription): an artifact mount needs a source") }
        return ContainerMountSpec(kind: kind, source: source, destination: destination, options: options)
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
