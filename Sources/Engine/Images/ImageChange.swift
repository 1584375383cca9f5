import Foundation

/// One `--change` instruction (Dockerfile syntax, `CMD=...` or `CMD ...`)
/// applied to an image config, as `podman import --change` does.
public struct ImageChange: Sendable, Equatable {
    public enum Instruction: String, Sendable, CaseIterable {
        case cmd = "CMD", entrypoint = "ENTRYPOINT", env = "ENV", expose = "EXPOSE", label = "LABEL"
        case stopSignal = "STOPSIGNAL", user = "USER", volume = "VOLUME", workdir = "WORKDIR", onbuild = "ONBUILD"
    }

    public var instruction: Instruction
    public var value: String

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let split = trimmed.firstIndex(where: { $0 == " " || $0 == "=" || $0 == "\t" }) ?? trimmed.endIndex
        let keyword = trimmed[..<split].uppercased()
        guard let instruction = Instruction(rawValue: keyword) else {
            throw EngineError.invalid("invalid change \(text.debugDescription): unknown instruction \(keyword.debugDescription)")
        }
        self.instruction = instruction
        value = split < trimmed.endIndex ? String(trimmed[trimmed.index(after: split)...]).trimmingCharacters(in: .whitespaces) : ""
    }

    /// A JSON array of strings, or nil when the value is not one.
    private var jsonArray: [String]? {
        guard value.hasPrefix("[") else { return nil }
        return try? JSONDecoder().decode([String].self, from: Data(value.utf8))
    }

    private var words: [String] { jsonArray ?? value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }

    /// `KEY=VALUE ...` pairs, or `KEY VALUE` (one pair).
    private var pairs: [(String, String)] {
        if let eq = value.firstIndex(of: "="), !value[..<eq].contains(" ") {
            return value.split(separator: " ").compactMap { item in
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2 else { return nil }
                return (String(kv[0]), unquote(String(kv[1])))
            }
        }
        let parts = value.split(separator: " ", maxSplits: 1).map(String.init)
        return parts.count == 2 ? [(parts[0], unquote(parts[1]))] : [(value, "")]
    }

    private func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == s.last, f == "\"" || f == "'" { return String(s.dropFirst().dropLast()) }
        return s
    }

    public func apply(to config: inout ContainerConfig) {
        switch instruction {
        case .cmd: config.cmd = jsonArray ?? ["/bin/sh", "-c", value]
        case .entrypoint: config.entrypoint = jsonArray ?? ["/bin/sh", "-c", value]
        case .env:
            var env = config.env ?? []
            for (key, val) in pairs {
                env.removeAll { $0.hasPrefix(key + "=") }
                env.append(key + "=" + val)
            }
            config.env = env
        case .expose:
            var ports = config.exposedPorts ?? [:]
            for port in words { ports[port.contains("/") ? port : port + "/tcp"] = EmptyObject() }
            config.exposedPorts = ports
        case .label:
            var labels = config.labels ?? [:]
            for (key, val) in pairs { labels[key] = val }
            config.labels = labels
        case .stopSignal: config.stopSignal = value
        case .user: config.user = value
        case .volume:
            var volumes = config.volumes ?? [:]
            for path in words { volumes[path] = EmptyObject() }
            config.volumes = volumes
        case .workdir: config.workingDir = value
        case .onbuild: break
        }
    }
}
