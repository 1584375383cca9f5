/// Settings shared by every conversion in one generator run.
public struct ConversionContext: Sendable {
    /// Generating for a user's service manager (`systemctl --user`).
    public var isUser: Bool
    /// The engine binary written into `Exec*=` lines.
    public var engine: String

    public init(isUser: Bool, engine: String) {
        self.isUser = isUser
        self.engine = engine
    }

    /// What generated services wait for before starting (pulls need a network).
    var networkOnlineUnit: String {
        isUser ? "berth-user-wait-network-online.service" : "network-online.target"
    }
}
