import Foundation
import Yams

/// A Kubernetes YAML file read into typed objects. Malformed YAML, an
/// unknown kind and a field of the wrong type are refused with the file,
/// the document and the field's path (`spec.containers[1].image`); fields
/// berth does not read are kept as warnings.
public struct KubeYAML: Sendable {
    /// The file's name (`-` for standard input), for messages.
    public let source: String
    /// The file's text: the service container is named after it.
    let text: String
    public private(set) var objects: [KubeObject] = []
    public private(set) var warnings: [String] = []

    public init(text: String, source: String) throws {
        self.source = source
        self.text = text
        let parser: Parser
        var documents: [Node] = []
        do {
            parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() { documents.append(node) }
        } catch {
            throw EngineError.invalid("\(source): unable to read kube YAML: \(error)")
        }
        var number = 0
        for document in documents {
            if document.null != nil { continue }
            number += 1
            try read(document, where: "\(source): document \(number)")
        }
    }

    private mutating func read(_ node: Node, where place: String) throws {
        guard case .mapping = node else { throw EngineError.invalid("\(place): a Kubernetes object must be a mapping") }
        guard let kind = node["kind"]?.string, !kind.isEmpty else {
            throw EngineError.invalid("\(place)\(Self.line(node)): kind: missing")
        }
        // A `List`'s items are objects of their own.
        if kind == "List" {
            guard let items = node["items"]?.sequence else { throw EngineError.invalid("\(place): kind List: items: missing") }
            for (i, item) in items.enumerated() { try read(item, where: "\(place) items[\(i)]") }
            return
        }
        let name = node["metadata"]?["name"]?.string
        let label = "\(place) (\(kind)\(name.map { " \($0.debugDescription)" } ?? ""))"
        switch kind {
        case "Pod": objects.append(.pod(try decode(KubePod.self, node, label)))
        case "Deployment": objects.append(.deployment(try decode(KubeDeployment.self, node, label)))
        case "DaemonSet": objects.append(.daemonSet(try decode(KubeDaemonSet.self, node, label)))
        case "Job": objects.append(.job(try decode(KubeJob.self, node, label)))
        case "PersistentVolumeClaim": objects.append(.persistentVolumeClaim(try decode(KubePersistentVolumeClaim.self, node, label)))
        case "ConfigMap": objects.append(.configMap(try decode(KubeConfigMap.self, node, label)))
        case "Secret": objects.append(.secret(try decode(KubeSecret.self, node, label)))
        case "Service":
            // What `kube generate --service` writes next to a pod: Podman
            // reads past it, and so does berth.
            warnings.append("\(label): kind Service is not played, ignored")
        default:
            throw EngineError.invalid("\(place)\(Self.line(node)): kind: \(kind.debugDescription) is not supported: berth plays \(KubeObject.kinds.joined(separator: ", "))")
        }
    }

    /// Decodes one object; then what the model does not hold is reported.
    private mutating func decode<T: Codable>(_ type: T.Type, _ node: Node, _ label: String) throws -> T {
        let value: T
        do {
            value = try YAMLDecoder().decode(T.self, from: node)
        } catch let error as DecodingError {
            throw EngineError.invalid("\(label): \(Self.describe(error, in: node))")
        } catch {
            throw EngineError.invalid("\(label): \(error)")
        }
        let known = try Parser(yaml: try YAMLEncoder().encode(value)).singleRoot()
        Self.unread(node, known: known, path: "", into: &warnings, label: label)
        return value
    }

    /// Keys of `node` (with a value: not null, `{}` or `[]`) that the
    /// decoded model does not have.
    private static func unread(_ node: Node, known: Node?, path: String, into warnings: inout [String], label: String) {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                let keyText = key.string ?? "\(key)"
                let childPath = path.isEmpty ? keyText : path + "." + keyText
                if let child = known?[keyText] {
                    unread(value, known: child, path: childPath, into: &warnings, label: label)
                } else if value.null == nil && value.mapping?.isEmpty != true && value.sequence?.isEmpty != true {
                    warnings.append("\(label): \(childPath): not supported by berth, ignored")
                }
            }
        case .sequence(let sequence):
            let knownItems = known?.sequence.map(Array.init) ?? []
            for (i, item) in sequence.enumerated() {
                unread(item, known: i < knownItems.count ? knownItems[i] : nil, path: path + "[\(i)]", into: &warnings, label: label)
            }
        default:
            return
        }
    }

    /// ` (line N)` for a node that knows where it is.
    static func line(_ node: Node?) -> String {
        guard let mark = node?.mark else { return "" }
        return " (line \(mark.line))"
    }

    /// `spec.containers[1].image: missing` from a decoding error.
    static func describe(_ error: DecodingError, in root: Node) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let at = node(at: context.codingPath, in: root)
            return "\(path(context.codingPath + [key])): missing\(line(at))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): null where \(describe(type)) is expected\(line(node(at: context.codingPath, in: root)))"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type))\(line(node(at: context.codingPath, in: root)))"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)\(line(node(at: context.codingPath, in: root)))"
        @unknown default:
            return "\(error)"
        }
    }

    static func path(_ keys: [CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    private static func node(at keys: [CodingKey], in root: Node) -> Node? {
        var current: Node? = root
        for key in keys {
            if let index = key.intValue, let items = current?.sequence, index < items.count {
                current = items[index]
            } else {
                current = current?[key.stringValue]
            }
        }
        return current
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") || name.hasPrefix("Kube") { return "a mapping" }
            return name
        }
    }
}
