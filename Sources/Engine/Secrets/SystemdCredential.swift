#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Credentials systemd passes to a service (`LoadCredential=`,
/// `LoadCredentialEncrypted=`, `SetCredential=`, `SetCredentialEncrypted=`,
/// `ImportCredential=`): decrypted by systemd into a private directory named
/// by `$CREDENTIALS_DIRECTORY`, readable only by the service. Berth reads
/// one at each start and never stores it.
enum SystemdCredential {
    static func read(_ name: String) throws -> Data {
        try ContainerSecret.validateCredentialName(name)
        guard let value = getenv("CREDENTIALS_DIRECTORY"), value.pointee != 0 else {
            throw EngineError.notFound("systemd credential \(name): $CREDENTIALS_DIRECTORY is not set; Secret=systemd-credential:\(name) works in a unit whose [Service] section loads it (LoadCredential=\(name):PATH, LoadCredentialEncrypted=\(name):PATH or SetCredentialEncrypted=\(name): ...)")
        }
        let directory = String(cString: value)
        let path = directory + "/" + name
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            let failure = errno
            if failure == ENOENT {
                throw EngineError.notFound("systemd credential \(name) is not among the unit's credentials in \(directory): load it in the unit's [Service] section (LoadCredential=\(name):PATH, LoadCredentialEncrypted=\(name):PATH or SetCredentialEncrypted=\(name): ...)")
            }
            throw EngineError.system("read systemd credential \(path)", failure)
        }
        defer { close(fd) }
        return try FileSystem.readAll(fd, path: path)
    }
}
