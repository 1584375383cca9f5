#if canImport(Glibc)
import Glibc
#endif
import GRDB
import Foundation

/// The container's secrets, as it sees them for one run: mount-type ones as
/// files in `<bundle>/secrets` (the run root, a tmpfs on a booted system;
/// directory 0700) bound read-only at their targets, env-type ones as
/// variables of the runtime spec only (never the stored configuration, so
/// `inspect` shows none). Values are read at each start, from the secret
/// store or from the unit's systemd credentials; the release deletes the files.
enum SecretStep: StartStep {
    struct Provided {
        var mounts: [RuntimeSpec.Mount] = []
        var env: [String] = []
    }

    /// Records the directory, then writes the files and gathers the variables.
    static func take(for c: inout Container, manager: ContainerManager) throws -> Provided {
        guard let secrets = c.config.secrets, !secrets.isEmpty else { return Provided() }
        let directory = manager.bundle(c.id) + "/secrets"
        c.state.held.append(HeldResource(.secrets, name: directory))
        try manager.save(c)
        try FileSystem.removeTree(directory)
        if mkdir(directory, 0o700) != 0 { throw EngineError.system("mkdir \(directory)", errno) }
        let ns = c.config.userNamespace.flatMap { $0.uidMappings.isEmpty ? nil : $0 }
        if let ns, let rootUID = IDMap.host(0, in: ns.uidMappings), let rootGID = IDMap.host(0, in: ns.gidMappings) {
            // The runtime binds the files as the namespace's root.
            if chown(directory, rootUID, rootGID) != 0 { throw EngineError.system("chown \(directory)", errno) }
        }
        var provided = Provided()
        for (index, secret) in secrets.enumerated() {
            let data: Data
            do { data = try value(of: secret, manager: manager) } catch let error as EngineError {
                throw EngineError(error.kind, "secret \(secret.name) of container \(c.name): \(error.message)", exitCode: error.exitCode)
            }
            switch secret.kind {
            case .env:
                provided.env.removeAll { $0.hasPrefix(secret.target + "=") }
                provided.env.append(secret.target + "=" + String(decoding: data, as: UTF8.self))
            case .mount:
                let file = directory + "/\(index)-" + secret.name
                let uid = ns.map { IDMap.host(secret.uid, in: $0.uidMappings) ?? secret.uid } ?? secret.uid
                let gid = ns.map { IDMap.host(secret.gid, in: $0.gidMappings) ?? secret.gid } ?? secret.gid
                // Without root the files stay the user's (a chown to others is not allowed).
                try SecretStore.writePrivateFile(file, data, uid: geteuid() == 0 ? uid : nil, gid: geteuid() == 0 ? gid : nil,
                                                 mode: mode_t(secret.mode))
                provided.mounts.append(.init(destination: secret.target, type: "bind", source: file,
                                             options: ["bind", "ro", "rprivate", "nosuid", "nodev", "noexec"]))
            }
        }
        return provided
    }

    /// The secret's bytes: the store's (by the ID recorded at create), or
    /// the systemd credential's, read from `$CREDENTIALS_DIRECTORY`.
    static func value(of secret: ContainerSecret, manager: ContainerManager) throws -> Data {
        switch secret.source {
        case .store:
            return try manager.store.secrets.data(manager.store.secrets.get(secret.id ?? secret.name))
        case .systemdCredential:
            return try SystemdCredential.read(secret.name)
        }
    }

    static func release(_ resource: HeldResource, of c: Container, manager: ContainerManager,
                        forget: (Database) throws -> Void) throws {
        if let directory = resource.name, directory == manager.bundle(c.id) + "/secrets" {
            try FileSystem.removeTree(directory)
        }
        try manager.store.database.write(forget)
    }

    /// Files in a run root that is not a tmpfs survive a reboot: deleted then too.
    static var outlivesBoot: Bool { true }
}
