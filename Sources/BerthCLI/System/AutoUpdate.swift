import Engine
import ArgumentParser

/// `berth auto-update`: restarts the systemd units of containers labelled
/// `io.containers.autoupdate` on their newer images, rolling back a unit
/// that fails on the new one.
struct AutoUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auto-update",
        abstract: "Auto update containers according to their auto-update policy",
        usage: "berth auto-update [options]"
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(help: "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override") var authfile: String?
    @Option(name: .customLong("tls-verify"), help: "Require HTTPS and verify certificates when contacting registries (default: true)") var tlsVerify: Bool?
    @Flag(name: .customLong("dry-run"), help: "Check for pending updates") var dryRun = false
    @Option(help: "Rollback to previous image if update fails") var rollback = true
    @Option(help: "Change the output format to JSON or a Go template") var format: String?

    func run() throws {
        var options = AutoUpdater.Options()
        options.dryRun = dryRun
        options.rollback = rollback
        options.pull.registry.tls = TLSOptions(verify: tlsVerify, certDirectory: nil)
        options.pull.registry.authFile = authfile
        let outcome = try AutoUpdater(store: global.openStore(), options: options).run()
        switch OutputFormat(format) {
        case .json: try OutputFormat.printJSON(outcome.reports)
        case .template(let source): try OutputFormat.printTemplate(source, rows: outcome.reports, goType: "entities.AutoUpdateReport")
        case .standard:
            OutputFormat.printTable(header: ["UNIT", "CONTAINER", "IMAGE", "POLICY", "UPDATED"],
                                    rows: outcome.reports.map { [$0.Unit, $0.Container, $0.Image, $0.Policy, $0.Updated] })
        }
        guard let last = outcome.errors.last else { return }
        for error in outcome.errors.dropLast() { printError(error.message) }
        throw last
    }
}
