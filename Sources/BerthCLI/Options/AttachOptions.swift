import ArgumentParser
import Engine

/// `--detach-keys` and `--sig-proxy` of attach, run and start -a.
struct AttachOptions: ParsableArguments {
    @Option(name: .customLong("detach-keys"),
            help: "Key sequence for detaching: a character or ctrl-<value> (a-z, @, ^, [, \\, ], _), comma-separated; \"\" for none")
    var detachKeys: String = DetachKeys.podmanDefault
    @Option(name: .customLong("sig-proxy"), help: "Proxy received signals to the process (default true)") var sigProxy: Bool?

    /// The session's controls; `--sig-proxy` defaults to true.
    func controls() throws -> ContainerAttachSession.Controls {
        ContainerAttachSession.Controls(detachKeys: try DetachKeys(detachKeys), proxySignals: sigProxy ?? true)
    }
}
