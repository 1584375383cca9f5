import Foundation

/// The one JSON style the engine writes: Go-like (no escaped slashes),
/// keys in declaration order.
enum JSONCoding {
    static func encoder(pretty: Bool) -> OrderedJSONEncoder {
        OrderedJSONEncoder(pretty: pretty)
    }
}
