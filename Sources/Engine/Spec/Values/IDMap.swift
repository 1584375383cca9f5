/// One range of a user namespace mapping, as OCI writes it.
public struct IDMap: Codable, Sendable, Equatable {
    public var containerID: UInt32
    public var hostID: UInt32
    public var size: UInt32

    /// Host id for a container id, nil when unmapped.
    static func host(_ id: UInt32, in maps: [IDMap]) -> UInt32? {
        for m in maps where id >= m.containerID && UInt64(id) < UInt64(m.containerID) + UInt64(m.size) {
            return m.hostID + (id - m.containerID)
        }
        return nil
    }

    /// Reads `--uidmap`/`--gidmap` values: `CONTAINER:HOST:SIZE`.
    static func parse(_ values: [String], flag: String) throws -> [IDMap] {
        try values.flatMap { value in
            try value.split(separator: ",").map { item in
                let f = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard f.count == 3, let c = UInt32(f[0]), let h = UInt32(f[1]), let s = UInt32(f[2]), s > 0,
                      UInt64(c) + UInt64(s) <= UInt64(UInt32.max), UInt64(h) + UInt64(s) <= UInt64(UInt32.max) else {
                    if item.contains("@") || item.hasPrefix("+") {
                        throw EngineError.invalid("\(flag) \(String(item).debugDescription): the @ and + forms are not supported: give CONTAINER_ID:HOST_ID:SIZE (rootless, HOST_ID is an id of berth's user namespace: 0 is you, 1... your subordinate ids)")
                    }
                    throw EngineError.invalid("invalid \(flag) \(String(item).debugDescription): expected CONTAINER_ID:HOST_ID:SIZE")
                }
                return IDMap(containerID: c, hostID: h, size: s)
            }
        }
    }
}
