/// Where Podman is installed too: both generators read
/// `/etc/containers/systemd` and would write the same services, so the
/// packaged Berth generator (`berth-system-generator`,
/// `berth-user-generator`) steps aside while Podman's is active. Masking
/// Podman's (`ln -s /dev/null /etc/systemd/system-generators/podman-system-generator`)
/// hands the units to Berth; see berth-generator(8).
public enum PodmanGenerator {
    /// systemd's generator directories, highest priority first: a file
    /// there hides one of the same name further down, `/dev/null` masks it.
    static func directories(isUser: Bool) -> [String] {
        let kind = isUser ? "user-generators" : "system-generators"
        return ["/run/systemd/", "/etc/systemd/", "/usr/local/lib/systemd/", "/usr/lib/systemd/"].map { $0 + kind }
    }

    /// The active Podman generator that makes this program step aside, or
    /// nil: only the packaged names step aside (`berth-generator` run by
    /// hand or by the tests always converts). `root` prefixes every path.
    public static func activeInstead(ofProgram programPath: String, isUser: Bool, root: String = "") -> String? {
        let name = Paths.baseName(of: programPath)
        guard name == "berth-system-generator" || name == "berth-user-generator" else { return nil }
        let podman = isUser ? "podman-user-generator" : "podman-system-generator"
        for directory in directories(isUser: isUser) {
            let path = root + directory + "/" + podman
            guard FileSystem.kind(of: path, followingLinks: false) != .other else { continue }
            // The first one found decides: a mask hides those below it.
            if FileSystem.resolve(path) == "/dev/null" { return nil }
            return FileSystem.exists(path) ? directory + "/" + podman : nil
        }
        return nil
    }
}
