import Foundation

/// A `["a", "b"]` flag value (`--entrypoint`, `--health-cmd`), as Podman takes it.
package enum JSONStringArray {
    /// The array, or nil when `text` is not a JSON array of strings.
    package static func decode(_ text: String) -> [String]? {
        guard text.hasPrefix("[") else { return nil }
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            return nil
        }
    }
}
