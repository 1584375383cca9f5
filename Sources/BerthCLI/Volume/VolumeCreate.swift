import Engine
import GoTemplate
import ArgumentParser

/// `berth volume create`, with the flags Quadlet's `.volume` units use.
struct VolumeCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a new volume")
    @OptionGroup(title: "Global options") var global: GlobalOptions
    @Option(name: [.short, .long], help: "Volume driver (local, image)") var driver: String = "local"
    @Option(name: [.short, .long], help: "Set metadata for a volume (e.g., --label mykey=value)") var label: [String] = []
    @Option(name: [.short, .customLong("opt")], help: "Set driver specific options (type=, device=, o=, copy, nocopy, image=)") var opt: [String] = []
    @Flag(help: "Don't fail if volume already exists") var ignore = false
    @Option(help: "Set the UID of the volume owner") var uid: Int?
    @Option(help: "Set the GID of the volume owner") var gid: Int?
    @Argument(help: "Volume name") var name: String?

    func run() throws {
        var spec = VolumeSpec()
        spec.name = name
        spec.driver = driver
        spec.ignoreExisting = ignore
        spec.uid = uid
        spec.gid = gid
        for item in label {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            spec.labels[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        for item in opt {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = kv[0].lowercased()
            let value = kv.count > 1 ? kv[1] : ""
            if key == "o" {
                // uid=/gid= inside o= also set the owner of a plain volume.
                for part in value.split(separator: ",") {
                    if part.hasPrefix("uid="), let v = Int(part.dropFirst(4)) { spec.uid = spec.uid ?? v }
                    if part.hasPrefix("gid="), let v = Int(part.dropFirst(4)) { spec.gid = spec.gid ?? v }
                }
            }
            spec.options.append((key, value))
        }
        print(try global.openStore().volumes.create(spec))
    }
}
