import Engine
import ArgumentParser

/// `berth secret inspect`: metadata only unless `--showsecret`.
struct SecretInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Inspect a secret")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Format inspect output using JSON or a Go template") var format: String?
    @Flag(help: "Print inspect output in human-readable format") var pretty = false
    @Flag(help: "Display the secret's data") var showsecret = false
    @Argument(help: "Secrets") var names: [String]

    func validate() throws {
        if pretty && format != nil { throw ValidationError("--format and --pretty cannot be used together") }
    }

    func run() throws {
        let secrets = try global.openStore().secrets
        var reports: [SecretInspectReport] = []
        var failure: EngineError?
        for name in names {
            do { reports.append(try secrets.report(secrets.get(name), showSecret: showsecret)) } catch let error as EngineError {
                if let earlier = failure { printError(earlier.message) }
                failure = EngineError(error.kind, "inspecting secret: \(error.message)", exitCode: error.exitCode)
            }
        }
        if pretty {
            for report in reports { print(SecretInspect.pretty(report), terminator: "") }
        } else {
            try InspectOutput.print(reports, format: format)
        }
        if let failure { throw failure }
    }

    /// Podman's `--pretty` layout, times as Go prints a time.Time.
    static func pretty(_ r: SecretInspectReport) -> String {
        func goTime(_ rfc: String) -> String {
            rfc.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " +0000 UTC")
        }
        var out = "ID:              \(r.ID)\nName:              \(r.Spec.Name)\n"
        if !r.Spec.Labels.isEmpty {
            out += "Labels:\n" + r.Spec.Labels.keys.sorted().map { " - \($0)=\(r.Spec.Labels[$0]!)\n" }.joined()
        }
        out += "Driver:            \(r.Spec.Driver.Name)\nCreated at:        \(goTime(r.CreatedAt))\nUpdated at:        \(goTime(r.UpdatedAt))\n"
        if let data = r.SecretData { out += "Secret data:       \(data)\n" }
        return out
    }
}
