#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Rootless user-mode networking through pasta (Debian's passt package), as
/// Podman 5 does it: a network namespace of the container's own, bound in
/// the run root, which pasta connects to the host's network (outbound
/// connections, and `-p` ports forwarded from the host's addresses).
/// pasta runs in the background; its pid file sits beside the namespace.
enum PastaNetwork {
    static func namespacePath(_ store: Store, _ id: String) -> String { store.runRoot + "/netns/pasta-" + id }
    static func pidFile(_ namespace: String) -> String { namespace + ".pid" }

    static func helper() throws -> String {
        for dir in ["/usr/bin", "/usr/sbin", "/bin", "/usr/local/bin"] where access(dir + "/pasta", X_OK) == 0 {
            return dir + "/pasta"
        }
        throw EngineError.notFound("pasta not found: rootless networking needs it (install the passt package: apt-get install passt), or run with --network none or --network host")
    }

    /// pasta's words for the published ports: `-t [ADDR/]PORT[-END]:PORT[-END]`.
    static func forwardArguments(_ ports: [PortMapping]) throws -> [String] {
        var tcp: [String] = [], udp: [String] = []
        for p in ports {
            let host = p.hostPort == 0 ? p.containerPort : p.hostPort
            func span(_ start: UInt16) -> String { p.range > 1 ? "\(start)-\(UInt32(start) + UInt32(p.range) - 1)" : "\(start)" }
            let address = p.hostIP.isEmpty ? "" : p.hostIP.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) + "/"
            let spec = address + span(host) + ":" + span(p.containerPort)
            switch p.proto {
            case .tcp: tcp.append(spec)
            case .udp: udp.append(spec)
            case .sctp: throw EngineError.invalid("pasta cannot forward sctp ports (-p \(p.containerPort)/sctp)")
            }
        }
        return (tcp.isEmpty ? ["-t", "none"] : tcp.flatMap { ["-t", $0] }) + (udp.isEmpty ? ["-u", "none"] : udp.flatMap { ["-u", $0] })
    }

    /// Makes the namespace and starts pasta on it; returns once pasta has
    /// configured it (pasta forks itself into the background).
    static func setUp(namespace: String, ports: [PortMapping], options: [String]) throws {
        let pasta = try helper()
        // pasta opens the tun device for the user; Debian's is 0666.
        guard access("/dev/net/tun", R_OK | W_OK) == 0 else {
            throw EngineError(.system, "pasta cannot open /dev/net/tun: \(String(cString: strerror(errno))) (it must be readable and writable by every user, as Debian makes it: chmod 0666 /dev/net/tun), or run with --network none or --network host")
        }
        try NetworkNamespace.create(at: namespace)
        unlink(pidFile(namespace))
        let argv = [pasta, "--config-net", "--quiet", "--no-map-gw", "-T", "none", "-U", "none"] + (try forwardArguments(ports))
            + options + ["--pid", pidFile(namespace), "--netns", namespace]
        let result = try ChildProcess.run(argv)
        guard result.status == 0 else {
            throw EngineError(.system, "pasta failed (exit status \(result.status)): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// Stops pasta and removes the namespace; nothing there is fine.
    static func tearDown(namespace: String) throws {
        if let data = try FileSystem.readFileIfPresent(pidFile(namespace)),
           let pid = pid_t(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
           let comm = try? FileSystem.readFile("/proc/\(pid)/comm"), String(decoding: comm, as: UTF8.self).hasPrefix("pasta") {
            kill(pid, SIGTERM)
        }
        unlink(pidFile(namespace))
        try NetworkNamespace.remove(at: namespace)
    }
}
