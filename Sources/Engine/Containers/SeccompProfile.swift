import Foundation

/// The containers-common seccomp profile (Docker's format: `archMap`,
/// `includes`/`excludes` by capability and architecture) turned into the
/// OCI form for one container's capability set.
enum SeccompProfile {
    static let defaultPath = "/usr/share/containers/seccomp.json"

    private struct Profile: Decodable {
        var defaultAction: String
        var defaultErrnoRet: UInt32?
        var archMap: [ArchMap]?
        var syscalls: [Rule]?
    }

    private struct ArchMap: Decodable {
        var architecture: String
        var subArchitectures: [String]?
    }

    private struct Filter: Decodable {
        var caps: [String]?
        var arches: [String]?
        var minKernel: String?
    }

    private struct Rule: Decodable {
        var names: [String]?
        var name: String?
        var action: String
        var errnoRet: UInt32?
        var args: [RuntimeSpec.SyscallArg]?
        var includes: Filter?
        var excludes: Filter?
    }

    /// Reads `path` (nil: the default profile). Returns nil when the default
    /// profile is not installed (containers then run without a filter).
    static func load(path: String?, capabilities: Set<String>) throws -> RuntimeSpec.Seccomp? {
        let file = path ?? defaultPath
        guard let data = try? FileSystem.readFile(file) else {
            if path == nil { return nil }
            throw EngineError.invalid("cannot read seccomp profile \(file)")
        }
        let profile: Profile
        do { profile = try JSONDecoder().decode(Profile.self, from: data) } catch {
            throw EngineError.invalid("seccomp profile \(file): \(error)")
        }
        let arch = nativeArchitecture
        var architectures: [String]?
        if let map = profile.archMap?.first(where: { $0.architecture == arch }) {
            architectures = [map.architecture] + (map.subArchitectures ?? [])
        }
        let archName = arch.replacingOccurrences(of: "SCMP_ARCH_", with: "").lowercased()
        let goArch = archName == "x86_64" ? "amd64" : archName == "aarch64" ? "arm64" : archName
        var syscalls: [RuntimeSpec.Syscall] = []
        for rule in profile.syscalls ?? [] {
            if let inc = rule.includes {
                if let caps = inc.caps, !caps.allSatisfy(capabilities.contains) { continue }
                if let arches = inc.arches, !arches.contains(goArch) { continue }
            }
            if let exc = rule.excludes {
                if let caps = exc.caps, caps.contains(where: capabilities.contains) { continue }
                if let arches = exc.arches, arches.contains(goArch) { continue }
            }
            let names = rule.names ?? rule.name.map { [$0] } ?? []
            guard !names.isEmpty else { continue }
            syscalls.append(RuntimeSpec.Syscall(names: names, action: rule.action, errnoRet: rule.errnoRet,
                                                args: (rule.args?.isEmpty ?? true) ? nil : rule.args))
        }
        return RuntimeSpec.Seccomp(defaultAction: profile.defaultAction, defaultErrnoRet: profile.defaultErrnoRet,
                                   architectures: architectures, syscalls: syscalls)
    }

    static var nativeArchitecture: String {
        #if arch(x86_64)
        return "SCMP_ARCH_X86_64"
        #elseif arch(arm64)
        return "SCMP_ARCH_AARCH64"
        #else
        return "SCMP_ARCH_NATIVE"
        #endif
    }
}
