/// The OCI runtime specification (config.json), the parts Berth writes.
/// Optional fields are left out of the JSON when nil.
public struct RuntimeSpec: Codable, Sendable {
    public var ociVersion = "1.0.2-dev"
    public var process: Process
    public var root: Root
    public var hostname: String?
    public var mounts: [Mount]
    public var annotations: [String: String]?
    public var linux: Linux

    public struct Process: Codable, Sendable {
        public var terminal: Bool
        public var user: User
        public var args: [String]
        public var env: [String]
        public var cwd: String
        public var capabilities: Capabilities?
        public var rlimits: [Rlimit]?
        public var noNewPrivileges: Bool?
        public var oomScoreAdj: Int?
        /// The terminal's initial size (`-t` with a terminal on our stdin).
        public var consoleSize: ConsoleSize?
    }

    public struct ConsoleSize: Codable, Sendable {
        public var height: UInt
        public var width: UInt
    }

    public struct User: Codable, Sendable {
        public var uid: UInt32
        public var gid: UInt32
        public var additionalGids: [UInt32]?
        public var umask: UInt32?
    }

    public struct Capabilities: Codable, Sendable {
        public var bounding: [String]
        public var effective: [String]
        public var inheritable: [String]
        public var permitted: [String]
        public var ambient: [String]
    }

    public struct Rlimit: Codable, Sendable {
        public var type: String
        public var hard: UInt64
        public var soft: UInt64
    }

    public struct Root: Codable, Sendable {
        public var path: String
        public var readonly: Bool
    }

    public struct Mount: Codable, Sendable, Equatable {
        public var destination: String
        public var type: String
        public var source: String
        public var options: [String]
    }

    public struct Linux: Codable, Sendable {
        public var namespaces: [Namespace]
        public var cgroupsPath: String?
        public var resources: Resources?
        public var sysctl: [String: String]?
        public var devices: [Device]?
        public var seccomp: Seccomp?
        public var maskedPaths: [String]
        public var readonlyPaths: [String]
        public var uidMappings: [IDMap]?
        public var gidMappings: [IDMap]?
        public var personality: LinuxPersonality?
    }

    public struct LinuxPersonality: Codable, Sendable {
        public var domain: String
    }

    public struct Namespace: Codable, Sendable {
        public var type: String
        public var path: String?
    }

    public struct Resources: Codable, Sendable {
        public var devices: [DeviceRule]?
        public var memory: Memory?
        public var pids: Pids?
    }

    public struct DeviceRule: Codable, Sendable {
        public var allow: Bool
        public var type: String?
        public var major: Int64?
        public var minor: Int64?
        public var access: String?
    }

    public struct Memory: Codable, Sendable {
        public var limit: Int64?
        public var swap: Int64?
    }

    public struct Pids: Codable, Sendable {
        public var limit: Int64
    }

    public struct Device: Codable, Sendable {
        public var path: String
        public var type: String
        public var major: Int64
        public var minor: Int64
        public var fileMode: UInt32?
        public var uid: UInt32?
        public var gid: UInt32?
    }

    public struct Seccomp: Codable, Sendable {
        public var defaultAction: String
        public var defaultErrnoRet: UInt32?
        public var architectures: [String]?
        public var syscalls: [Syscall]?
    }

    public struct Syscall: Codable, Sendable {
        public var names: [String]
        public var action: String
        public var errnoRet: UInt32?
        public var args: [SyscallArg]?
    }

    public struct SyscallArg: Codable, Sendable {
        public var index: UInt32
        public var value: UInt64
        public var valueTwo: UInt64?
        public var op: String
    }
}
