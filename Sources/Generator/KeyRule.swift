/// One row of a declarative key → flag table.
struct KeyRule {
    enum Shape {
        /// Last value, when not empty: `--flag VALUE`.
        case value
        /// Every value: `--flag V1 --flag V2`.
        case everyValue
        /// Boolean: `--flag` or `--flag=false`.
        case boolean
        /// Every `NAME=VALUE` word: `--flag NAME=VALUE` sorted by name.
        case assignments
        /// Every word of every value, split list-style: `--flag W1 --flag W2`.
        case everyWord
        /// Every word of every value, split exec-style.
        case everyArgument
    }

    let key: String
    let flag: String
    let shape: Shape

    init(_ key: String, _ flag: String, _ shape: Shape = .value) {
        self.key = key
        self.flag = flag
        self.shape = shape
    }
}

extension Conversion {
    /// Adds the flags for every rule whose key the unit sets, in table order.
    mutating func apply(_ table: KeyRuleTable, to command: inout EngineCommand) {
        for rule in table.rules(matching: presentKeys) {
            switch rule.shape {
            case .value:
                if let value = source.lookupNonEmpty(rule.key, in: group) { command.add(rule.flag, value) }
            case .everyValue:
                for value in source.lookupAll(rule.key, in: group) { command.add(rule.flag, value) }
            case .boolean:
                if let value = source.lookupBoolean(rule.key, in: group) { command.add(flag: rule.flag, value) }
            case .assignments:
                let (values, problems) = source.lookupAllKeyValues(rule.key, in: group)
                warnings += problems.map { "\($0) in \(location(of: rule.key).map { "\($0)" } ?? source.path)" }
                command.add(flag: rule.flag, assignments: values.map { ($0.name, $0.value) })
            case .everyWord:
                for word in source.lookupAllStrv(rule.key, in: group) { command.add(rule.flag, word) }
            case .everyArgument:
                for word in source.lookupAllArgs(rule.key, in: group) { command.add(rule.flag, word) }
            }
        }
    }
}
