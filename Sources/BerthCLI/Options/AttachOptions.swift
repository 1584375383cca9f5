import ArgumentParser
import Engine

/// `--detach-keys` and `--sig-proxy` of attach, run and start, which
/// Podman command lines pass: what berth does is accepted (no detach
/// sequence, no signals forwarded to the container), the rest refused.
struct AttachOptions: ParsableArguments {
    @Option(name: .customLong("detach-keys"), help: ArgumentHelp(visibility: .hidden)) var detachKeys: String?
    @Option(name: .customLong("sig-proxy"), help: ArgumentHelp(visibility: .hidden)) var sigProxy: Bool?

    func refuseUnsupported() throws {
        if let detachKeys, !detachKeys.isEmpty {
            throw EngineError.invalid("--detach-keys is not supported yet: berth has no detach sequence (--detach-keys \"\" is accepted)")
        }
        if sigProxy == true {
            throw EngineError.invalid("--sig-proxy is not supported yet: berth does not forward signals to the container (--sig-proxy=false is accepted)")
        }
    }
}
