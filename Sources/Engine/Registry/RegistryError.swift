/// Registry failures as EngineErrors, in Podman's words.
enum RegistryError {
    static func unauthorized(_ detail: String) -> EngineError {
        EngineError(.invalidArgument, detail)
    }

    static func unreachable(_ registry: String, _ error: TransportError) -> EngineError {
        EngineError(.system, "pinging container registry \(registry): \(error)")
    }

    static func unexpected(_ action: String, _ response: HTTPResponse) -> EngineError {
        EngineError(.system, "\(action): \(response.registryMessage)")
    }
}
