/// A parsed systemd unit file.
public struct UnitFile {}
