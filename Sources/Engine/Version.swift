/// The version every Berth program reports.
public enum BerthVersion {
    public static let string = "0.1.0"

    /// The Swift compiler that built the program (`version`'s Go Version line).
    public static var compiler: String {
        #if compiler(>=6.3)
        return "swift6.3"
        #elseif compiler(>=6.2)
        return "swift6.2"
        #elseif compiler(>=6.1)
        return "swift6.1"
        #else
        return "swift6.0"
        #endif
    }
}
