/// A key → flag table with its keys indexed, so a conversion looks up only
/// the handful of keys a unit sets instead of every row of the table.
struct KeyRuleTable {
    let rules: [KeyRule]
    private let rowOfKey: [String: Int]

    init(_ rules: [KeyRule]) {
        self.rules = rules
        var rows: [String: Int] = [:]
        for (row, rule) in rules.enumerated() { rows[rule.key] = row }
        rowOfKey = rows
    }

    /// The rows for `keys`, in table order.
    func rules(matching keys: [String]) -> [KeyRule] {
        var rows: [Int] = []
        for key in keys {
            if let row = rowOfKey[key] { rows.append(row) }
        }
        rows.sort()
        return rows.map { rules[$0] }
    }
}
