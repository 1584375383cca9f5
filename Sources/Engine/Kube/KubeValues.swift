import Foundation
import Yams

/// Where env `valueFrom`/`envFrom` read: the ConfigMaps of the YAML and of
/// `--configmap`, the YAML's Secrets, then berth's secret store (a secret
/// holding a Kubernetes Secret as YAML, or a JSON object of base64 values,
/// as Podman reads it).
struct KubeValues {
    var configMaps: [String: KubeConfigMap] = [:]
    var secrets: [String: KubeSecret] = [:]
    let store: Store

    /// nil: no secret of that name.
    func secret(_ name: String) throws -> [String: Data]? {
        if let secret = secrets[name] { return try secret.values() }
        let record: SecretRecord
        do { record = try store.secrets.get(name) } catch let error as EngineError where error.kind == .notFound { return nil }
        let data = try store.secrets.data(record)
        if let object = try? JSONDecoder().decode([String: Data].self, from: data) { return object }
        let parsed: KubeSecret
        do { parsed = try YAMLDecoder().decode(KubeSecret.self, from: data) } catch {
            throw EngineError.invalid("secret \(name) is not valid JSON/YAML: \(error)")
        }
        return try parsed.values()
    }
}

extension KubeSecret {
    /// `data` (base64) and `stringData` (plain, winning), as bytes.
    func values() throws -> [String: Data] {
        var values: [String: Data] = [:]
        for (key, text) in data ?? [:] {
            guard let bytes = Data(base64Encoded: text.filter { !$0.isWhitespace }) else {
                throw EngineError.invalid("Secret \(metadata.name ?? ""): data.\(key): not base64")
            }
            values[key] = bytes
        }
        for (key, text) in stringData ?? [:] { values[key] = Data(text.utf8) }
        return values
    }
}
