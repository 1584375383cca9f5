/// A request that got no HTTP answer (refused, reset, DNS, TLS): what
/// `--retry` retries.
struct TransportError: Error, CustomStringConvertible {
    var method: String
    var url: String
    var detail: String

    var description: String { "\(method) \"\(url)\": \(detail)" }
}
