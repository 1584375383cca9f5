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
