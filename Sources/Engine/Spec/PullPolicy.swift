/// When `run`/`create` fetch the image (`--pull`).
public enum PullPolicy: String, Codable, Sendable, CaseIterable {
    case always, missing, never, newer

    package init(parsing value: String) throws {
        guard let policy = PullPolicy(rawValue: value.lowercased()) else {
            throw EngineError.invalid("invalid pull policy \(value.debugDescription): use always, missing, never or newer")
        }
        self = policy
    }
}
