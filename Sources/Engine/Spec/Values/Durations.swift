/// Go-style durations: `30s`, `1m30s`, `500ms`, `2h`, or plain seconds.
package enum Durations {
    package static func parse(_ text: String) throws -> Double {
        if let n = Double(text) { return n }
        var total = 0.0
        var number = ""
        var unit = ""
        func flush() throws {
            guard let value = Double(number) else { throw EngineError.invalid("invalid duration \(text.debugDescription)") }
            switch unit {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            case "ms": total += value / 1000
            case "us", "µs": total += value / 1e6
            case "ns": total += value / 1e9
            default: throw EngineError.invalid("invalid duration \(text.debugDescription)")
            }
            number = ""; unit = ""
        }
        for ch in text {
            if ch.isNumber || ch == "." {
                if !unit.isEmpty { try flush() }
                number.append(ch)
            } else {
                unit.append(ch)
            }
        }
        if !number.isEmpty { try flush() }
        return total
    }
}
