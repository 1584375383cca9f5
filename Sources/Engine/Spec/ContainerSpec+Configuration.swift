#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension ContainerSpec {
    /// The stored configuration: this spec over the image's defaults
    /// (entrypoint and command, environment, labels, working directory,
    /// user, VOLUMEs, STOPSIGNAL, HEALTHCHECK). The one place where a
    /// spec becomes what is recorded.
    package func configuration(image resolved: StoredImage, underSystemd: Bool = SystemdNotify.underSystemd) throws -> ContainerConfiguration {
        let imageConfig = try resolved.decodedConfig().config ?? ContainerConfig()

        let entry = entrypoint ?? imageConfig.entrypoint ?? []
        let cmd = !command.isEmpty ? command : (entrypoint != nil ? [] : imageConfig.cmd ?? [])
        let args = entry + cmd
        if args.isEmpty {
            throw EngineError.invalid("no command or entrypoint provided, and no CMD or ENTRYPOINT from image")
        }

        let environment = try mergedEnvironment(image: imageConfig.env ?? [])
        var mergedLabels = (imageConfig.labels ?? [:]).merging(labels) { _, new in new }
        // The unit a Quadlet or generated service runs the container from
        // (its `Environment=PODMAN_SYSTEMD_UNIT=%n`): what auto-update restarts.
        if mergedLabels["PODMAN_SYSTEMD_UNIT"] == nil, let unit = ProcessInfo.processInfo.environment["PODMAN_SYSTEMD_UNIT"], !unit.isEmpty {
            mergedLabels["PODMAN_SYSTEMD_UNIT"] = unit
        }

        var allMounts = mounts
        // The image's VOLUMEs the user did not mount: anonymous volumes
        // (--image-volume bind, Podman's default), tmpfs, or nothing.
        if imageVolumes != .ignore {
            for destination in (imageConfig.volumes ?? [:]).keys.sorted() {
                let path = destination.count > 1 && destination.hasSuffix("/") ? String(destination.dropLast()) : destination
                guard path.hasPrefix("/"), !allMounts.contains(where: { $0.destination == path }) else { continue }
                allMounts.append(imageVolumes == .tmpfs ? ContainerMountSpec(kind: .tmpfs, source: "", destination: path, options: [])
                                                        : ContainerMountSpec(kind: .volume, source: "", destination: path, options: [], anonymous: true))
            }
        }

        var caps = capAdd
        var seccomp = seccompProfile
        var unmask = unmaskPaths
        if privileged { caps.append("ALL"); seccomp = "unconfined"; unmask.append("ALL") }
        _ = try RuntimeSpecBuilder.capabilities(add: caps, drop: capDrop)

        let systemdInit = systemd.applies(command: cmd)
        let signal = try stopSignal ?? imageConfig.stopSignal.map(Signals.parse) ?? (systemdInit ? Signals.parse("RTMIN+3") : SIGTERM)
        let healthCheck = try health.check(image: imageConfig.healthcheck)
        if health.startup != nil && healthCheck == nil {
            throw EngineError.invalid("a startup healthcheck (--health-startup-cmd) needs a regular one (--health-cmd or the image's HEALTHCHECK)")
        }
        if sdNotify == .healthy && healthCheck == nil {
            throw EngineError.invalid("--sdnotify=healthy requires a healthcheck (--health-cmd or the image's HEALTHCHECK)")
        }

        var flags = networkFlags
        flags.imageExposed = (imageConfig.exposedPorts ?? [:]).keys.sorted()
        let choice = try ContainerNetworkChoice.resolve(flags)
        let network = try NetworkMode(parsing: choice.mode)
        var hostName = hostname ?? ""
        if hostName.isEmpty && network == .host { hostName = ProcessInfo.processInfo.hostName }

        var config = ContainerConfiguration(
            imageReference: resolved.id, imageName: resolved.names.first { ImageStore.matches(name: $0, reference: image) } ?? resolved.names.first ?? image,
            args: args, entrypoint: entry, command: cmd, env: environment,
            workingDir: workingDir ?? imageConfig.workingDir ?? "/", user: user ?? userNamespace?.keptUser ?? imageConfig.user ?? "",
            groupAdd: groupAdd, hostname: hostName,
            addHosts: addHosts.isEmpty ? nil : addHosts,
            dnsServers: dnsServers.isEmpty ? nil : dnsServers, dnsSearch: dnsSearch.isEmpty ? nil : dnsSearch,
            dnsOptions: dnsOptions.isEmpty ? nil : dnsOptions, labels: mergedLabels, annotations: annotations, mounts: allMounts,
            readOnly: readOnly, readOnlyTmpfs: readOnlyTmpfs, capAdd: caps, capDrop: capDrop,
            noNewPrivileges: noNewPrivileges, seccompProfile: seccomp, maskPaths: maskPaths, unmaskPaths: unmask,
            devices: devices, sysctls: sysctls, ulimits: ulimits, pidsLimit: pidsLimit,
            memoryLimit: memoryLimit, shmSize: shmSize,
            stopSignal: signal, stopTimeout: stopTimeout ?? 10, initProcess: initProcess, timezone: timezone,
            logDriver: logDriver ?? LogDriver.defaultDriver(underSystemd: underSystemd), logOptions: logOptions,
            cgroupsMode: cgroupsMode, cgroupParent: cgroupParent,
            sdNotify: sdNotify, network: network, autoRemove: autoRemove,
            tty: tty, interactive: interactive, health: healthCheck, userNamespace: userNamespace, createCommand: createCommand,
            runtime: runtime, timeout: timeout)
        config.networks = choice.networks.isEmpty ? nil : choice.networks
        config.portMappings = choice.ports.isEmpty ? nil : choice.ports
        config.noHosts = noHosts ? true : nil
        config.restartPolicy = restart == .no ? nil : restart
        config.ipc = ipc
        config.uts = uts
        config.pid = pid
        config.cgroupns = cgroupns ?? config.cgroupNamespace
        config.conmonPidfile = conmonPidfile
        config.oomScoreAdj = oomScoreAdj
        config.personality = personality
        config.systemdMode = systemdInit ? true : nil
        for dir in chrootDirs where !dir.hasPrefix("/") {
            throw EngineError.invalid("invalid --chrootdirs \(dir.debugDescription): must be an absolute path")
        }
        config.chrootDirs = chrootDirs.isEmpty ? nil : chrootDirs
        config.requires = requires.isEmpty ? nil : requires
        config.initPath = initPath
        config.passwdEntry = passwdEntry
        config.groupEntry = groupEntry
        config.hostUsers = hostUsers.isEmpty ? nil : hostUsers
        if !deviceCgroupRules.isEmpty {
            if Rootless.isActive { throw EngineError.invalid("device cgroup rules are not supported in rootless mode or in a user namespace") }
            for rule in deviceCgroupRules { _ = try RuntimeSpecBuilder.deviceCgroupRule(rule) }
            config.deviceCgroupRules = deviceCgroupRules
        }
        config.unsetEnv = unsetEnv.isEmpty ? nil : unsetEnv
        config.unsetEnvAll = unsetEnvAll ? true : nil
        if let infraOfPod {
            config.pod = infraOfPod
            config.podInfra = true
        }
        if uts != nil && uts != .private && hostname != nil {
            throw EngineError.invalid("invalid config provided: cannot set hostname when joining the container's UTS namespace")
        }
        config.secrets = secrets.isEmpty ? nil : try secrets.map(ContainerSecret.parse)
        return config
    }

    /// The process environment as Podman builds it: the image's, then
    /// `--env-merge` (expanded against it and the defaults), less
    /// `--unsetenv` names (all of it for `--unsetenv-all`), then `env`.
    private func mergedEnvironment(image: [String]) throws -> [String] {
        func name(_ assignment: String) -> String { String(assignment.prefix { $0 != "=" }) }
        func set(_ assignment: String, in list: inout [String]) {
            let key = name(assignment)
            list.removeAll { name($0) == key }
            list.append(assignment)
        }
        var environment = image
        if !envMerge.isEmpty {
            var known = RuntimeSpecBuilder.defaultEnvironment(tty: tty)
            for assignment in image { known[name(assignment)] = String(assignment.dropFirst(name(assignment).count + 1)) }
            for merge in envMerge {
                let processed: String
                do { processed = try BuildWords(escape: "\\", environment: known).process(merge) } catch let error as EngineError {
                    throw EngineError.invalid("unable to process variables for --env-merge \(merge): \(error.message)")
                }
                guard processed.contains("=") else { throw EngineError.invalid("missing `=` for --env-merge substitution \(merge)") }
                set(processed, in: &environment)
                known[name(processed)] = String(processed.dropFirst(name(processed).count + 1))
            }
        }
        environment.removeAll { unsetEnvAll || unsetEnv.contains(name($0)) }
        for assignment in env { set(assignment, in: &environment) }
        return environment
    }

    /// Features whose flags berth parses (the generator writes them) but
    /// whose issue has not landed: refused before anything is recorded.
    package func checkSupported() throws {
        func notYet(_ flag: String, _ why: String) -> EngineError {
            EngineError.invalid("\(flag) is not supported yet: \(why)")
        }
        if rootfs { throw notYet("--rootfs", "berth runs containers from images (make one of the directory: tar -C DIR -c . | berth import - NAME)") }
        if let oomScoreAdj, !(-1000...1000).contains(oomScoreAdj) {
            throw EngineError.invalid("oom_score_adj must be between -1000 and 1000: \(oomScoreAdj) is out of range")
        }
        if restart != .no && autoRemove {
            throw EngineError.invalid("the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"")
        }
    }
}

extension HealthSpec {
    /// The stored healthcheck: these flags over the image's HEALTHCHECK
    /// (whose times are nanoseconds, 0 for the default).
    package func check(image: ContainerConfig.Healthcheck?) throws -> ContainerConfiguration.HealthCheck? {
        if disabled { return nil }
        let imageHealth = test == nil ? image : nil
        var testArgs: [String]?
        if let test, !test.isEmpty {
            testArgs = test
        } else if test == nil, let imageTest = imageHealth?.test, let kind = imageTest.first, kind != "NONE", imageTest.count > 1 {
            testArgs = HealthSpec.testArguments(imageTest)
        }
        guard let testArgs else { return nil }
        func seconds(_ flag: Double?, _ image: Int64?, _ fallback: Double) -> Double {
            if let flag { return flag }
            if let image, image > 0 { return Double(image) / 1e9 }
            return fallback
        }
        return .init(test: testArgs, interval: seconds(interval, imageHealth?.interval, 30),
                     retries: retries ?? (imageHealth?.retries).flatMap { $0 > 0 ? $0 : nil } ?? 3,
                     startPeriod: seconds(startPeriod, imageHealth?.startPeriod, 0),
                     timeout: seconds(timeout, imageHealth?.timeout, 30),
                     onFailure: onFailure, maxLogCount: maxLogCount, maxLogSize: maxLogSize,
                     logDirectory: logDirectory, startup: startup)
    }
}
