/// A key → flag table. A conversion asks it for the rows of the handful of
/// keys a unit sets, rather than looking up every row's key in the unit.
struct KeyRuleTable {
    let rules: [KeyRule]
    /// `rules[i].key.utf8.count`: most keys differ in length, which is
    /// cheaper to see than a string comparison (or a hash).
    private let keyLengths: [Int]

    init(_ rules: [KeyRule]) {
        self.rules = rules
        keyLengths = rules.map(\.key.utf8.count)
    }

    /// The rows for `keys`, in table order.
    func rules(matching keys: [String]) -> [KeyRule] {
        var rows: [Int] = []
        for key in keys {
            let length = key.utf8.count
            for row in rules.indices where keyLengths[row] == length && rules[row].key == key {
                rows.append(row)
                break
            }
        }
        rows.sort()
        return rows.map { rules[$0] }
    }
}
