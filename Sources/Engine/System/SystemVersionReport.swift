#if canImport(Glibc)
import Glibc
#endif

/// `berth version` and `info`'s `version` section, with Podman's field
/// names (`define.Version`). `GoVersion` keeps Podman's name for the
/// compiler that built the program: here Swift's.
public struct SystemVersionReport: Codable, Sendable {
    public var APIVersion: String
    public var Version: String
    public var GoVersion: String
    public var GitCommit: String
    public var BuiltTime: String
    public var Built: Int64
    public var OsArch: String
    public var Os: String

    public static var current: SystemVersionReport {
        SystemVersionReport(
            APIVersion: BerthVersion.string, Version: BerthVersion.string, GoVersion: BerthVersion.compiler, GitCommit: "",
            BuiltTime: "Thu Jan  1 00:00:00 1970", Built: 0, OsArch: "linux/" + HostFacts.goArch, Os: "linux")
    }
}
