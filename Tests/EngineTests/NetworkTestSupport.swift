import Testing
@testable import Engine

/// The gate of the bridge-network container tests.
enum NetworkTestSupport {
    static let canRun = ContainerTestSupport.canRunContainers && (try? NetworkAttachment.helper("netavark")) != nil
        && (try? NetworkAttachment.helper("aardvark-dns")) != nil && EngineTestSupport.which("iptables") != nil
    static let reason: Comment = "needs root, runc, busybox-static, the built berth and conmon-swift, netavark, aardvark-dns and iptables"
}
