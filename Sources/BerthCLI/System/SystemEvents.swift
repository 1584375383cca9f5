import Engine
import GoTemplate
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `berth events` / `berth system events`: what the engine did, from the
/// event log every berth process appends to; follows it by default.
struct SystemEvents: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", _superCommandName: "berth", abstract: "Show berth events")

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "filter output") var filter: [String] = []
    @Option(help: "format the output using a Go template") var format: String?
    @Option(help: "show all events created since timestamp") var since: String?
    @Option(help: "show all events created until timestamp") var until: String?
    @Option(help: "stream new events; for testing only") var stream: Bool = true
    @Flag(name: .customLong("no-trunc"), help: "do not truncate the output (berth never does)") var noTrunc = false

    func run() throws {
        let store = try global.openStore()
        let filters = try EventFilter(filter)
        let now = Timestamp.now()
        let from = try since.map { try LogTimeBound.parse($0, now: now) }
        let to = try until.map { try LogTimeBound.parse($0, now: now) }
        let template: GoTemplate? = try {
            guard case .template(let source) = OutputFormat(format) else { return nil }
            do { return try GoTemplate(source) } catch { throw EngineError.invalid("template parsing error: \(error)") }
        }()
        let reader = try store.events.reader()
        while true {
            let events = try reader.poll()
            var out = ""
            for e in events where filters.matches(e) && from.map({ e.time >= $0 }) ?? true && to.map({ e.time <= $0 }) ?? true {
                switch OutputFormat(format) {
                case .json: out += try e.jsonLine() + "\n"
                case .template:
                    let text = try template!.render(try OutputFormat.templateValue(e.templateRow))
                    out += text.hasSuffix("\n") ? text : text + "\n"
                case .standard: out += e.humanReadable + "\n"
                }
            }
            if !out.isEmpty {
                print(out, terminator: "")
                fflush(nil)
            }
            if !stream { return }
            if let to, Timestamp.now() > to { return }
            usleep(100_000)
        }
    }
}
