import Foundation

/// One entry of the event log, in Podman's file-backend JSON (its
/// `events.Event`: empty fields left out, `Time` in RFC 3339 with nanoseconds).
package struct EngineEvent: Codable, Sendable, Equatable {
    package enum Kind: String, Codable, Sendable { case container, image, volume, network, pod, system }

    package var ContainerExitCode: Int32?
    package var ID: String?
    package var Image: String?
    package var Name: String?
    /// The network of a network event (Podman's `Network`).
    package var Network: String?
    package var Status: String
    /// Seconds since the epoch (written as RFC 3339).
    package var time: Double
    package var kind: Kind
    package var Attributes: [String: String]?

    enum CodingKeys: String, CodingKey {
        case ContainerExitCode, ID, Image, Name, Network, Status, time = "Time", kind = "Type", Attributes
    }

    package init(_ kind: Kind, _ status: String, id: String? = nil, name: String? = nil, image: String? = nil,
                 exitCode: Int32? = nil, attributes: [String: String]? = nil, network: String? = nil, time: Double = Timestamp.now()) {
        Network = network
        self.kind = kind
        Status = status
        ID = id
        Name = name
        Image = image
        ContainerExitCode = exitCode
        Attributes = attributes
        self.time = time
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ContainerExitCode = try c.decodeIfPresent(Int32.self, forKey: .ContainerExitCode)
        ID = try c.decodeIfPresent(String.self, forKey: .ID)
        Image = try c.decodeIfPresent(String.self, forKey: .Image)
        Name = try c.decodeIfPresent(String.self, forKey: .Name)
        Network = try c.decodeIfPresent(String.self, forKey: .Network)
        Status = try c.decode(String.self, forKey: .Status)
        let text = try c.decode(String.self, forKey: .time)
        guard let seconds = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "not an RFC 3339 time: \(text)")
        }
        time = seconds
        kind = try c.decode(Kind.self, forKey: .kind)
        Attributes = try c.decodeIfPresent([String: String].self, forKey: .Attributes)
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let ContainerExitCode, ContainerExitCode != 0 { try c.encode(ContainerExitCode, forKey: .ContainerExitCode) }
        if let ID, !ID.isEmpty { try c.encode(ID, forKey: .ID) }
        if let Image, !Image.isEmpty { try c.encode(Image, forKey: .Image) }
        if let Name, !Name.isEmpty { try c.encode(Name, forKey: .Name) }
        if let Network, !Network.isEmpty { try c.encode(Network, forKey: .Network) }
        try c.encode(Status, forKey: .Status)
        try c.encode(Timestamp.rfc3339(time), forKey: .time)
        try c.encode(kind, forKey: .kind)
        if let Attributes, !Attributes.isEmpty { try c.encode(Attributes, forKey: .Attributes) }
    }

    /// The JSON line (`--format json`, and the log file's format).
    package func jsonLine() throws -> String {
        String(decoding: try JSONCoding.encoder(pretty: false).encode(self), as: UTF8.self)
    }

    /// Podman's default line: `TIME TYPE STATUS ID (image=..., name=..., label=...)`.
    package var humanReadable: String {
        let when = EventTime.goString(time)
        let id = ID ?? ""
        switch kind {
        case .container, .pod:
            var text = "\(when) \(kind.rawValue) \(Status) \(id) (image=\(Image ?? ""), name=\(Name ?? "")"
            for (key, value) in (Attributes ?? [:]).sorted(by: { $0.key < $1.key }) where key != "image" && key != "name" {
                text += ", \(key)=\(value)"
            }
            return text + ")"
        case .image: return "\(when) image \(Status) \(id) \(Name ?? "")"
        case .volume: return "\(when) volume \(Status) \(Name ?? "")"
        case .network: return "\(when) network \(Status) \(id) (container=\(id), name=\(Network ?? ""))"
        case .system: return "\(when) system \(Status)"
        }
    }

    /// What a `--format` template sees (Podman's field names; `.Time` as Go prints a time).
    package struct TemplateRow: Encodable {
        var ContainerExitCode: Int32
        var ID, Image, Name, Status, Time, `Type`, Network, HealthStatus, PodID: String
        var Attributes: [String: String]
    }

    package var templateRow: TemplateRow {
        TemplateRow(ContainerExitCode: ContainerExitCode ?? 0, ID: ID ?? "", Image: Image ?? "", Name: Name ?? "", Status: Status,
                    Time: EventTime.goString(time), Type: kind.rawValue, Network: Network ?? "", HealthStatus: "", PodID: "",
                    Attributes: Attributes ?? [:])
    }
}
