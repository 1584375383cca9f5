#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How to reach a registry over TLS: whether to verify it, and the
/// certificate directory (Podman's `--cert-dir`: `*.crt` CAs, `*.cert`
/// with its `*.key` as the client certificate).
public struct TLSOptions: Sendable {
    /// nil: the default (verify, unless registries.conf marks the registry insecure).
    public var verify: Bool?
    public var certDirectory: String?

    public init(verify: Bool? = nil, certDirectory: String? = nil) {
        self.verify = verify
        self.certDirectory = certDirectory
    }

    /// The directory for `host` (`--cert-dir`, else
    /// /etc/containers/certs.d/HOST[:PORT], else /etc/docker/certs.d/...).
    func directory(for host: String) -> String? {
        if let certDirectory { return certDirectory }
        for base in ["/etc/containers/certs.d", "/etc/docker/certs.d"] where FileSystem.isDirectory(base + "/" + host) {
            return base + "/" + host
        }
        return nil
    }

    /// The CA bundle and client key pair found in `directory`.
    static func material(in directory: String) throws -> (caBundle: Data, clientCert: String?, clientKey: String?) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw EngineError(.notFound, "reading certificate directory \(directory): \(error.localizedDescription)")
        }
        var bundle = Data()
        var cert: String?
        var key: String?
        for name in names {
            let path = directory + "/" + name
            if name.hasSuffix(".crt") {
                bundle.append(try FileSystem.readFile(path))
                bundle.append(0x0a)
            } else if name.hasSuffix(".cert") {
                let keyPath = directory + "/" + String(name.dropLast(5)) + ".key"
                guard FileSystem.exists(keyPath) else {
                    throw EngineError(.notFound, "missing key \(keyPath) for client certificate \(path)")
                }
                cert = path
                key = keyPath
            }
        }
        return (bundle, cert, key)
    }
}
