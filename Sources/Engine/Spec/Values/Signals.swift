/// Signal names and numbers as `kill -s` and `--stop-signal` take them
/// (`TERM`, `SIGTERM`, `15`, `RTMIN+3`, `SIGRTMAX-1`).
package enum Signals {
    static let names: [String: Int32] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "IOT": 6, "BUS": 7, "FPE": 8, "KILL": 9, "USR1": 10,
        "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "STKFLT": 16, "CHLD": 17, "CONT": 18, "STOP": 19,
        "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23, "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28,
        "IO": 29, "POLL": 29, "PWR": 30, "SYS": 31,
    ]
    /// Linux's real-time range as glibc reports it to programs.
    static let realTimeMinimum: Int32 = 34
    static let realTimeMaximum: Int32 = 64

    package static func parse(_ text: String) throws -> Int32 {
        let invalid = EngineError.invalid("invalid signal: \(text)")
        if let n = Int32(text) {
            guard n > 0, n <= realTimeMaximum else { throw invalid }
            return n
        }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name = String(name.dropFirst(3)) }
        if let n = names[name] { return n }
        if name == "RTMIN" { return realTimeMinimum }
        if name == "RTMAX" { return realTimeMaximum }
        let span = realTimeMaximum - realTimeMinimum
        if name.hasPrefix("RTMIN+"), let k = Int32(name.dropFirst(6)), k >= 0, k <= span { return realTimeMinimum + k }
        if name.hasPrefix("RTMAX-"), let k = Int32(name.dropFirst(6)), k >= 0, k <= span { return realTimeMaximum - k }
        throw invalid
    }
}
