import Foundation

/// Random `adjective_noun` names for containers created without `--name`,
/// in the style Podman and Docker use.
enum ContainerNames {
    static let adjectives = ["brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "keen", "lucid", "merry",
                             "nifty", "proud", "quiet", "rapid", "sharp", "tender", "upbeat", "vivid", "witty", "zealous"]
    static let nouns = ["albatross", "barge", "clipper", "dinghy", "ferry", "galleon", "harbor", "jetty", "keel", "lighthouse",
                        "mooring", "oar", "pier", "quay", "rudder", "schooner", "tugboat", "vessel", "wharf", "yacht"]

    static func generate(taken: Set<String>) -> String {
        for _ in 0..<100 {
            let name = adjectives.randomElement()! + "_" + nouns.randomElement()!
            if !taken.contains(name) { return name }
        }
        return adjectives.randomElement()! + "_" + nouns.randomElement()! + "_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }
}

/// Sizes like `64m`, `1g`, `512k`, `100` (bytes), as Podman parses them.
package enum ByteSize {
    package static func parse(_ text: String) throws -> Int64 {
        let lower = text.lowercased().trimmingCharacters(in: [" "])
        var digits = lower
        var multiplier: Int64 = 1
        let units: [(String, Int64)] = [("kib", 1024), ("mib", 1 << 20), ("gib", 1 << 30), ("kb", 1024), ("mb", 1 << 20), ("gb", 1 << 30),
                                        ("k", 1024), ("m", 1 << 20), ("g", 1 << 30), ("t", 1 << 40), ("b", 1)]
        for (suffix, value) in units where lower.hasSuffix(suffix) {
            digits = String(lower.dropLast(suffix.count))
            multiplier = value
            break
        }
        guard let number = Double(digits), number >= 0 else { throw EngineError.invalid("invalid size \(text.debugDescription)") }
        return Int64(number * Double(multiplier))
    }
}
