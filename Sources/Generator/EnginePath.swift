/// The engine binary written into generated `Exec*=` lines.
public enum EnginePath {
    /// Where packaging installs `berth`.
    public static let installed = "/usr/bin/berth"

    /// `$PODMAN` when set (Quadlet's variable, so units can run either
    /// engine), otherwise the installed `berth`.
    public static func resolve() -> String {
        if let engine = FileSystem.environment("PODMAN"), !engine.isEmpty { return engine }
        return installed
    }
}

public enum GeneratorVersion {
    public static let string = "0.1.0"
}
