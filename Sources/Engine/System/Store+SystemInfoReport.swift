#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension Store {
    /// `berth info`: this store, the runtime `runtime` (or the automatic
    /// choice) would run, and the host. One runtime call (`--version`),
    /// everything else from files.
    public func systemInfo(runtime requested: String?) throws -> SystemInfoReport {
        let unified = CgroupInfo.isUnified
        let machine = HostFacts.uname()
        let memory = try HostFacts.memory()
        let runtime = try OCIRuntime.select(requested: requested, runRoot: runRoot)
        let runtimeVersion = try ChildProcess.run([runtime.path, "--version"])
        guard runtimeVersion.status == 0 else {
            throw EngineError(.system, "\(runtime.path) --version: exit status \(runtimeVersion.status): \(runtimeVersion.stderr)")
        }
        let monitor = try MonitorLauncher.locate()
        let rootless = Rootless.isActive
        let uid = rootless ? Rootless.hostUID : geteuid()
        let user = rootless ? Rootless.userName : (getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? String(uid))
        let space = try HostFacts.fileSystemSpace(root)

        var counts = SystemInfoReport.ContainerCounts()
        for container in try containerManager().loadAll() {
            counts.number += 1
            if container.isRunning { counts.running += 1 } else { counts.stopped += 1 }
        }

        let host = SystemInfoReport.Host(
            arch: HostFacts.goArch, cgroupManager: "cgroupfs", cgroupVersion: unified ? "v2" : "v1",
            cgroupControllers: try HostFacts.cgroupControllers(unified: unified),
            conmon: SystemInfoReport.Program(package: try HostFacts.package(of: monitor), path: monitor, version: "conmon-swift version " + BerthVersion.string),
            cpus: sysconf(Int32(_SC_NPROCESSORS_ONLN)), distribution: try HostFacts.distribution(), eventLogger: "none",
            hostname: machine.hostname,
            idMappings: SystemInfoReport.IDMappings(
                gidmap: rootless ? try HostFacts.idMappings(file: "/etc/subgid", id: rootless ? Rootless.hostGID : getegid(), user: user) : nil,
                uidmap: rootless ? try HostFacts.idMappings(file: "/etc/subuid", id: uid, user: user) : nil),
            kernel: machine.release, logDriver: LogDriver.defaultDriver(underSystemd: SystemdNotify.underSystemd).rawValue,
            memFree: memory["MemFree"] ?? 0, memTotal: memory["MemTotal"] ?? 0, networkBackend: "netavark",
            ociRuntime: SystemInfoReport.Runtime(
                name: runtime.name, package: try HostFacts.package(of: runtime.path), path: runtime.path,
                version: runtimeVersion.stdout.trimmingCharacters(in: .whitespacesAndNewlines)),
            os: "linux", serviceIsRemote: false,
            security: SystemInfoReport.Security(
                apparmorEnabled: try HostFacts.firstLine("/sys/module/apparmor/parameters/enabled") == "Y",
                capabilities: RuntimeSpecBuilder.defaultCapabilities.joined(separator: ","), rootless: rootless,
                seccompEnabled: try HostFacts.kernelHasSeccomp(),
                seccompProfilePath: FileSystem.exists(SeccompProfile.defaultPath) ? SeccompProfile.defaultPath : "",
                selinuxEnabled: FileSystem.exists("/sys/fs/selinux/enforce")),
            swapFree: memory["SwapFree"] ?? 0, swapTotal: memory["SwapTotal"] ?? 0, uptime: try HostFacts.uptime(),
            linkmode: "dynamic")
        let storeSection = SystemInfoReport.StoreSection(
            containerStore: counts, graphDriverName: driver.rawValue, graphRoot: root,
            graphRootAllocated: space.0, graphRootUsed: space.1, imageCopyTmpDir: tmpDirectory,
            imageStore: SystemInfoReport.ImageCount(number: try ImageStore(store: self).list().count),
            runRoot: runRoot, volumePath: volumesDirectory)
        return SystemInfoReport(
            host: host, store: storeSection,
            plugins: SystemInfoReport.Plugins(volume: ["local"], network: ["bridge"], log: LogDriver.allCases.map(\.rawValue), authorization: nil),
            version: SystemVersionReport.current)
    }
}
