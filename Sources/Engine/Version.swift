/// The version every Berth program reports.
public enum BerthVersion {
    public static let string = "0.1.0"
}
