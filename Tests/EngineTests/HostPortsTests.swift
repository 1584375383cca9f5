#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Engine

/// The check that a published host port is free, on loopback only.
@Suite("Network: host port checks")
struct HostPortsTests {
    /// A listener on 127.0.0.1 at a port below the kernel's ephemeral range
    /// (32768 and up), so no other test's outgoing connection takes the same
    /// port as its source while this one waits for TIME_WAIT; its port.
    static func listen(_ fd: Int32) throws -> UInt16 {
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        for _ in 0..<100 {
            let port = UInt16.random(in: 20000..<32000)
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            sa.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            let bound = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            if bound == 0 {
                try #require(Glibc.listen(fd, 4) == 0)
                return port
            }
        }
        throw EngineError(.system, "no free port below 32000 on 127.0.0.1")
    }

    @Test("a port in use is refused in Podman's words; once only TIME_WAIT connections remain it is free again")
    func timeWait() throws {
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let port = try Self.listen(server)
        let mapping = try #require(try PortMapping.parse("127.0.0.1:\(port):80").first)
        #expect(throws: EngineError.self) { try HostPorts.checkFree(mapping) }
        // A connection the server side closes first leaves the server's port in TIME_WAIT.
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        sa.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        try #require(connected == 0)
        let accepted = accept(server, nil, nil)
        try #require(accepted >= 0)
        close(accepted)
        close(server)
        usleep(50_000)
        close(client)
        #expect(throws: Never.self) { try HostPorts.checkFree(mapping) }
    }
}
