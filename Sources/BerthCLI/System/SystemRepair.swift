import Engine
import ArgumentParser

/// `berth system repair`: brings the store's disk and records back into
/// agreement now (as a command does by itself after a reboot or a crash);
/// with `--rebuild`, first records again what the directories hold when
/// the state database was lost or emptied.
struct SystemRepair: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Repair the store: reconcile mounts and leftovers, or rebuild lost records from disk",
        discussion: """
        With --rebuild, images (with their names), their layers, containers \
        and local volumes are recorded again from the store's directories, and what cannot be recorded is listed: it stays on \
        disk until a later repair (without --rebuild) collects it as a leftover.
        """
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Flag(help: "Record again what the store's directories hold (after the state database was lost or emptied)") var rebuild = false

    func run() throws {
        var options = global.storeOptions
        options.rebuildingRecords = rebuild
        let store = try Store.open(options)
        if rebuild {
            let report = try store.rebuildRecords()
            print("rebuilt \(report.images) images, \(report.layers) layers, \(report.containers) containers, \(report.volumes) volumes")
            if report.secrets > 0 { print("rebuilt \(report.secrets) secrets") }
            for line in report.skipped { printError("not rebuilt: " + line) }
        } else {
            try store.repair()
        }
        store.database.checkpointIfWritten()
    }
}
