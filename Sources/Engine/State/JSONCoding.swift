import Foundation

/// The one JSON style the engine writes: Go-like (no escaped slashes),
/// keys in declaration order.
package enum JSONCoding {
    package static func encoder(pretty: Bool) -> OrderedJSONEncoder {
        OrderedJSONEncoder(pretty: pretty)
    }
}
