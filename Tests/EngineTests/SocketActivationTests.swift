@testable import Engine
import Testing

@Suite("Socket activation: which LISTEN_FDS are berth's to pass on")
struct SocketActivationTests {
    @Test("LISTEN_PID naming this process: the count and names, and the container's view with LISTEN_PID=1")
    func ours() {
        let activation = SocketActivation.fromEnvironment(["LISTEN_FDS": "2", "LISTEN_PID": "4242", "LISTEN_FDNAMES": "web:admin"], pid: 4242)
        #expect(activation == SocketActivation(count: 2, names: "web:admin"))
        #expect(activation?.containerEnvironment == ["LISTEN_FDS=2", "LISTEN_PID=1", "LISTEN_FDNAMES=web:admin"])
        #expect(SocketActivation.fromEnvironment(["LISTEN_FDS": "1", "LISTEN_PID": "7"], pid: 7)?.containerEnvironment
                == ["LISTEN_FDS=1", "LISTEN_PID=1"])
    }

    @Test("another process's fds, none, or nonsense: no activation", arguments: [
        ["LISTEN_FDS": "2", "LISTEN_PID": "1"],
        ["LISTEN_FDS": "2"],
        ["LISTEN_FDS": "0", "LISTEN_PID": "4242"],
        ["LISTEN_FDS": "two", "LISTEN_PID": "4242"],
        [:],
    ])
    func notOurs(_ environment: [String: String]) {
        #expect(SocketActivation.fromEnvironment(environment, pid: 4242) == nil)
    }
}

@Suite("Quadlet status: systemd's view parsed")
struct QuadletStatusParseTests {
    @Test("ExecStart's --name, systemd's microsecond UTC timestamps")
    func parsing() {
        #expect(QuadletStatus.containerName(execStart: "{ path=/usr/bin/berth ; argv[]=/usr/bin/berth run --name systemd-web --replace -d img ; ignore_errors=no }") == "systemd-web")
        #expect(QuadletStatus.containerName(execStart: "{ path=/usr/bin/berth ; argv[]=/usr/bin/berth volume create --ignore v ; }") == nil)
        let t = QuadletStatus.timestamp("Thu 2026-12-03 10:23:45.471798 UTC")
        #expect(t.map { abs($0.timeIntervalSince1970 - 1796293425.471798) < 0.000_01 } == true)
        #expect(QuadletStatus.timestamp("n/a") == nil)
        #expect(QuadletStatus.timestamp("") == nil)
    }
}
