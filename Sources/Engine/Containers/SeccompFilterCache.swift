#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The OCI seccomp section for a profile and a capability set, as the JSON
/// that goes into config.json, kept in the run root between starts:
/// reading and converting containers-common's profile and encoding its
/// ~440 syscall names took longer than the rest of the runtime spec.
/// The file is named after the profile's identity (path, inode, size,
/// modification and change times), the capabilities, the architecture and
/// the conversion's version, so an edited profile, another capability set
/// or a berth that converts differently gets a file of its own.
enum SeccompFilterCache {
    /// Bump when `SeccompProfile.load` or `RuntimeSpec.Seccomp` changes what is written.
    static let conversionVersion = "1"
    /// nil when the default profile is not installed (no filter), as
    /// `SeccompProfile.load`.
    static func json(path: String?, capabilities: Set<String>, directory: String) throws -> [UInt8]? {
        let file = path ?? SeccompProfile.defaultPath
        var info = stat()
        guard stat(file, &info) == 0 else {
            // Let the loader give its own answer (nil, or the error for a named profile).
            return try SeccompProfile.load(path: path, capabilities: capabilities).map(encode)
        }
        let identity = [conversionVersion, file, String(info.st_dev), String(info.st_ino), String(info.st_size),
                        String(info.st_mtim.tv_sec), String(info.st_mtim.tv_nsec), String(info.st_ctim.tv_sec), String(info.st_ctim.tv_nsec),
                        SeccompProfile.nativeArchitecture, capabilities.sorted().joined(separator: ",")].joined(separator: "\n")
        let name = Digest.of(Data(identity.utf8)).hex.prefix(32)
        let cached = directory + "/seccomp-" + name + ".json"
        if let data = try? FileSystem.readFile(cached), let bytes = verified([UInt8](data)) { return bytes }
        guard let filter = try SeccompProfile.load(path: path, capabilities: capabilities) else { return nil }
        let bytes = try encode(filter)
        // Best effort: a run root that cannot take it only costs the next start the conversion.
        try? FileSystem.makeDirectories(directory)
        try? FileSystem.writeFileAtomically(cached, Data(bytes + Array(("\n" + digest(bytes)).utf8)))
        return bytes
    }

    /// The JSON of a kept file, whose last line is the SHA-256 of the rest;
    /// nil for a damaged file (a crash on a run root on disk), which is then
    /// converted again and replaced.
    private static func verified(_ file: [UInt8]) -> [UInt8]? {
        guard let newline = file.lastIndex(of: 10) else { return nil }
        let json = Array(file[..<newline])
        return String(decoding: file[(newline + 1)...], as: UTF8.self) == digest(json) ? json : nil
    }

    private static func digest(_ bytes: [UInt8]) -> String {
        Digest.of(Data(bytes)).hex
    }

    private static func encode(_ filter: RuntimeSpec.Seccomp) throws -> [UInt8] {
        [UInt8](try JSONEncoder().encode(filter))
    }

    /// `spec` (encoded without a seccomp section) with `filter` put in as
    /// `linux.seccomp`. `"linux":{` appears once in such JSON: quotes inside
    /// string values are escaped, so no value can contain it.
    static func splice(_ filter: [UInt8], into spec: [UInt8]) -> [UInt8]? {
        let key = Array(#""linux":{"#.utf8)
        guard let start = spec.firstRange(of: key) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(spec.count + filter.count + 16)
        out += spec[..<start.upperBound]
        out += Array(#""seccomp":"#.utf8) + filter
        if spec[start.upperBound] != UInt8(ascii: "}") { out.append(UInt8(ascii: ",")) }
        out += spec[start.upperBound...]
        return out
    }
}
