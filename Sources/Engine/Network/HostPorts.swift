#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Host ports for published container ports: random free ones for host
/// port 0, and a check that asked-for ones are free (netavark's rootful
/// DNAT rules would silently shadow a listening host service otherwise).
enum HostPorts {
    /// A free host port (the first of `range` free consecutive ones) for the mapping's protocol and address.
    static func free(_ mapping: PortMapping) throws -> UInt16 {
        for _ in 0..<100 {
            let start = try bind(mapping, port: 0)
            if UInt32(start) + UInt32(mapping.range) - 1 > UInt32(UInt16.max) { continue }
            var all = true
            for offset in 1..<max(1, UInt32(mapping.range)) where !isFree(mapping, port: start + UInt16(offset)) { all = false; break }
            if all { return start }
        }
        throw EngineError(.conflict, "cannot find \(mapping.range) free \(mapping.proto.rawValue) host port(s) for container port \(mapping.containerPort)")
    }

    static func checkFree(_ mapping: PortMapping) throws {
        for offset in 0..<UInt32(mapping.range) {
            let port = mapping.hostPort + UInt16(offset)
            do { _ = try bind(mapping, port: port) } catch let error as EngineError where error.kind == .inUse {
                let ip = mapping.hostIP.isEmpty ? "" : mapping.hostIP
                throw EngineError(.inUse, "cannot listen on the \(mapping.proto.rawValue.uppercased()) port: listen \(mapping.proto.rawValue) \(ip):\(port): bind: address already in use")
            }
        }
    }

    private static func isFree(_ mapping: PortMapping, port: UInt16) -> Bool {
        do { _ = try bind(mapping, port: port); return true } catch { return false }
    }

    /// Binds (and closes) a socket of the mapping's kind; returns the port it got.
    private static func bind(_ mapping: PortMapping, port: UInt16) throws -> UInt16 {
        let address = mapping.hostIP.isEmpty ? nil : IPAddress(mapping.hostIP)
        let v6 = address.map { !$0.isIPv4 } ?? false
        let type: Int32, proto: Int32
        switch mapping.proto {
        case .tcp: (type, proto) = (Int32(SOCK_STREAM.rawValue), Int32(IPPROTO_TCP))
        case .udp: (type, proto) = (Int32(SOCK_DGRAM.rawValue), Int32(IPPROTO_UDP))
        case .sctp: (type, proto) = (Int32(SOCK_SEQPACKET.rawValue), Int32(IPPROTO_SCTP))
        }
        let fd = socket(v6 ? AF_INET6 : AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), proto)
        if fd < 0 { throw EngineError.system("cannot open a \(mapping.proto.rawValue) socket to check host port \(port)", errno) }
        defer { close(fd) }
        // As Go's listeners (and so Podman's check) do: a port whose last
        // connections linger in TIME_WAIT is free for a new listener.
        var on: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var rc: Int32
        if v6 {
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            if let address { withUnsafeMutableBytes(of: &sa.sin6_addr) { $0.copyBytes(from: address.bytes) } }
            rc = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            if let address { withUnsafeMutableBytes(of: &sa.sin_addr) { $0.copyBytes(from: address.bytes) } }
            rc = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        if rc != 0 {
            if errno == EADDRINUSE { throw EngineError(.inUse, "host port \(port) is in use") }
            throw EngineError.system("cannot bind host port \(port)", errno)
        }
        var bound = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return UInt16(bigEndian: bound.sin6_port)
    }
}
