import GoTemplate
import Foundation

/// Encodes `Encodable` values to JSON keeping keys in the order they were
/// encoded (declaration order for synthesized conformances), printed the
/// way Go's encoder prints them: what `podman inspect` users see and what
/// Go templates iterate over.
package struct OrderedJSONEncoder {
    var pretty = false
    /// Go's default: `[]` instead of `null` for empty slices is the caller's
    /// business; nil optionals are omitted unless `keepNulls`.
    var indent = "    "

    package func encode<T: Encodable>(_ value: T) throws -> Data {
        let root = Node.Box()
        try value.encode(to: NodeEncoder(box: root, codingPath: []))
        var out = ""
        write(root.node ?? .null, into: &out, level: 0)
        return Data(out.utf8)
    }

    indirect enum Node {
        case null, bool(Bool), number(String), string(String)
        case array([Box])
        case object([(String, Box)])

        final class Box { var node: Node? }
    }

    private func write(_ node: Node, into out: inout String, level: Int) {
        switch node {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSONString.append(s, to: &out, escapingHTML: true)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(&out, level + 1)
                write(item.node ?? .null, into: &out, level: level + 1)
            }
            newline(&out, level)
            out += "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                newline(&out, level + 1)
                JSONString.append(key, to: &out, escapingHTML: true)
                out += pretty ? ": " : ":"
                write(value.node ?? .null, into: &out, level: level + 1)
            }
            newline(&out, level)
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ level: Int) {
        guard pretty else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }
}

private struct NodeEncoder: Encoder {
    let box: OrderedJSONEncoder.Node.Box
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object = ObjectRef()
        box.node = .object([])
        object.onChange = { [box] fields in box.node = .object(fields) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        let array = ArrayRef()
        box.node = .array([])
        array.onChange = { [box] items in box.node = .array(items) }
        return UnkeyedNodeContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        SingleNodeContainer(box: box, codingPath: codingPath)
    }
}

private final class ObjectRef {
    var fields: [(String, OrderedJSONEncoder.Node.Box)] = [] { didSet { onChange?(fields) } }
    var onChange: (([(String, OrderedJSONEncoder.Node.Box)]) -> Void)?
}

private final class ArrayRef {
    var items: [OrderedJSONEncoder.Node.Box] = [] { didSet { onChange?(items) } }
    var onChange: (([OrderedJSONEncoder.Node.Box]) -> Void)?
}

private func encodeValue<T: Encodable>(_ value: T, into box: OrderedJSONEncoder.Node.Box, path: [CodingKey]) throws {
    switch value {
    case let v as String: box.node = .string(v)
    case let v as Bool: box.node = .bool(v)
    case let v as Int: box.node = .number(String(v))
    case let v as Int64: box.node = .number(String(v))
    case let v as Int32: box.node = .number(String(v))
    case let v as UInt32: box.node = .number(String(v))
    case let v as UInt64: box.node = .number(String(v))
    case let v as any BinaryInteger: box.node = .number("\(v)")
    case let v as Double: box.node = .number(v.isFinite ? (v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)) : "null")
    case let v as Data: box.node = .string(v.base64EncodedString())
    default:
        if let dict = value as? [String: any Encodable] {
            var fields: [(String, OrderedJSONEncoder.Node.Box)] = []
            for key in dict.keys.sorted() {
                let child = OrderedJSONEncoder.Node.Box()
                try encodeAny(dict[key]!, into: child, path: path)
                fields.append((key, child))
            }
            box.node = .object(fields)
        } else {
            try value.encode(to: NodeEncoder(box: box, codingPath: path))
        }
    }
}

private func encodeAny(_ value: any Encodable, into box: OrderedJSONEncoder.Node.Box, path: [CodingKey]) throws {
    try encodeValue(value, into: box, path: path)
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectRef
    var codingPath: [CodingKey]

    private func child(_ key: Key) -> OrderedJSONEncoder.Node.Box {
        let box = OrderedJSONEncoder.Node.Box()
        if let i = object.fields.firstIndex(where: { $0.0 == key.stringValue }) {
            object.fields[i].1 = box
        } else {
            object.fields.append((key.stringValue, box))
        }
        return box
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).node = .null }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: child(key), path: codingPath + [key])
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        guard let value else { return }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        guard let value else { return }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        guard let value else { return }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        guard let value else { return }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        guard let value else { return }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(box: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        NodeEncoder(box: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { NodeEncoder(box: OrderedJSONEncoder.Node.Box(), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { NodeEncoder(box: child(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let array: ArrayRef
    var codingPath: [CodingKey]
    var count: Int { array.items.count }

    private func next() -> OrderedJSONEncoder.Node.Box {
        let box = OrderedJSONEncoder.Node.Box()
        array.items.append(box)
        return box
    }

    mutating func encodeNil() throws { next().node = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: next(), path: codingPath) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(box: next(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        NodeEncoder(box: next(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { NodeEncoder(box: next(), codingPath: codingPath) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let box: OrderedJSONEncoder.Node.Box
    var codingPath: [CodingKey]
    mutating func encodeNil() throws { box.node = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: box, path: codingPath) }
}
