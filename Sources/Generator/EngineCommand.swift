/// An engine command line being built (`berth run --name ... IMAGE`).
struct EngineCommand {
    private(set) var words: [String]

    init(engine: String) {
        words = [engine]
        // A container's command line runs to a few dozen words.
        words.reserveCapacity(48)
    }

    mutating func add(_ word: String) {
        words.append(word)
    }

    mutating func add(_ first: String, _ second: String) {
        words.append(first)
        words.append(second)
    }

    mutating func add(_ more: String...) {
        words += more
    }

    mutating func add(contentsOf more: [String]) {
        words += more
    }

    /// `--flag` when true, `--flag=false` when false.
    mutating func add(flag: String, _ value: Bool) {
        words.append(value ? flag : flag + "=false")
    }

    /// One `flag NAME=VALUE` pair per assignment, sorted by name (as Quadlet
    /// does, so the output does not depend on the order of the file).
    mutating func add(flag: String, assignments: [(String, String?)]) {
        let sorted = assignments.count < 2 ? assignments : assignments.sorted(by: { $0.0 < $1.0 })
        for (name, value) in sorted {
            words.append(flag)
            guard let value else {
                words.append(name)
                continue
            }
            var word = name
            word.reserveCapacity(name.utf8.count + 1 + value.utf8.count)
            word.append("=")
            word.append(value)
            words.append(word)
        }
    }
}
