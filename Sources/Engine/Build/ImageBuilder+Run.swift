#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension ImageBuilder {
    /// RUN: the command in a container over the working root, under the OCI
    /// runtime directly (`runtime run`, the build's stdio), with Podman's
    /// default spec (capabilities, seccomp, masked paths). Returns the
    /// history's `created_by`.
    func run(_ instruction: Containerfile.Instruction, in container: WorkingContainer) throws -> String {
        let image = state.containerConfig
        let shell = image.shell ?? ["/bin/sh", "-c"]
        var argv: [String]
        if let json = instruction.jsonArguments {
            argv = json
        } else {
            var script = instruction.arguments
            if let only = instruction.heredocs.first, instruction.heredocs.count == 1,
               script.trimmingCharacters(in: .whitespaces).range(of: "^<<-?[\"']?\\w+[\"']?$", options: .regularExpression) != nil {
                script = only.content
            } else if !instruction.heredocs.isEmpty {
                script += "\n" + instruction.heredocs.map { $0.content + $0.delimiter }.joined(separator: "\n")
            }
            argv = shell + [script]
        }
        guard !argv.isEmpty else { throw EngineError.invalid("RUN needs a command") }

        var env = image.env ?? []
        for (name, value) in args.sorted(by: { $0.key < $1.key }) where !env.contains(where: { $0.hasPrefix(name + "=") }) {
            env.append(name + "=" + value)
        }
        for assignment in options.env {
            let name = assignment.split(separator: "=", maxSplits: 1).first.map(String.init) ?? assignment
            env.removeAll { $0 == name || $0.hasPrefix(name + "=") }
            env.append(assignment)
        }

        let workdir = image.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        if workdir != "/" { _ = try PathInRoot.makeDirectories(workdir, in: container.merged, mode: 0o755) }

        var extraRoots: [WorkingContainer] = []
        defer { for root in extraRoots { root.unmount() } }
        var mounts: [ContainerMountSpec] = []
        for volume in options.volumes {
            // `run -v`'s parser; a build binds host directories only.
            let mount = try ContainerMountParser.volume(volume)
            guard mount.kind == .bind else {
                throw EngineError.invalid("invalid volume \(volume.debugDescription) for build: expected /HOST-DIR:/CONTAINER-DIR[:OPTIONS]")
            }
            mounts.append(mount)
        }
        for spec in instruction.flagValues("mount") {
            if let mount = try runMount(spec, extraRoots: &extraRoots) { mounts.append(mount) }
        }

        let network = instruction.flag("network") ?? options.network ?? "host"
        var mode: NetworkMode = .none
        var namespacePath: String?
        switch network {
        case "host", "": mode = .host
        case "none": mode = .none
        case let value where value.hasPrefix("ns:"): namespacePath = String(value.dropFirst(3))
        default:
            throw EngineError.invalid("RUN --network=\(network) is not supported yet: berth runs build steps with host (the default), none or ns:PATH")
        }

        let id = FileSystem.randomHex(32)
        var spec = ContainerSpec(image: state.id)
        spec.entrypoint = []
        spec.command = argv
        // The step's network is set below: none here keeps containers.conf's defaults unread.
        spec.networkFlags.network = ["none"]
        spec.dnsServers = options.dnsServers
        spec.dnsSearch = options.dnsSearch
        spec.dnsOptions = options.dnsOptions
        let record = ImageRecord(id: state.id, digest: "", topLayer: nil, created: 0, size: 0, manifest: Data(), config: state.configData)
        var config = try spec.configuration(image: StoredImage(record: record, names: []), underSystemd: false)
        config.args = argv
        config.env = env
        config.workingDir = workdir
        config.user = image.user ?? ""
        config.groupAdd = options.groupAdd
        config.mounts = mounts
        config.network = mode
        config.health = nil
        config.labels = [:]
        config.hostname = mode == .host ? ProcessInfo.processInfo.hostName : String(id.prefix(12))
        config.runtime = options.runtime

        let user = try ContainerUser.resolve(user: config.user, groupAdd: config.groupAdd, rootfs: container.merged)
        let bundle = staging.newPath("bundle")
        try FileSystem.makeDirectories(bundle)
        try writeEtcFiles(config, bundle: bundle, id: id)
        var builder = RuntimeSpecBuilder(id: id, config: config, rootfs: container.merged, bundle: bundle, user: user)
        builder.networkNamespacePath = namespacePath
        if CgroupInfo.isUnified, SystemdNotify.underSystemd, let own = CgroupInfo.ownUnifiedPath {
            builder.cgroupsPath = (own == "/" ? "" : own) + "/berth-build-" + id
        } else {
            builder.cgroupsPath = "/berth/berth-build-" + id
        }
        let specData = try builder.configJSON(seccompCache: store.runRoot + "/seccomp")
        try FileSystem.writeFileAtomically(bundle + "/config.json", specData)
        if let object = try JSONSerialization.jsonObject(with: specData) as? [String: Any],
           let specMounts = object["mounts"] as? [[String: Any]] {
            container.noteMountPoints(specMounts.compactMap { $0["destination"] as? String })
        }

        let runtime = try OCIRuntime.select(requested: options.runtime, runRoot: store.runRoot)
        let argvRuntime = [runtime.path] + runtime.globalArguments + ["run", "--bundle", bundle, id]
        // -q discards what RUN prints on stdout, as Podman's does; stderr stays.
        let pid = try ChildProcess.spawn(argvRuntime, fds: options.quiet ? [(2, 2)] : [(1, 1), (2, 2)])
        let status = ChildProcess.wait(pid)
        if runtime.knows(id) {
            do { try runtime.delete(id) } catch { warn("cannot delete the build container \(id): \(error)") }
        }
        guard status == 0 else {
            throw EngineError(.system, "while running runtime: exit status \(status)", exitCode: status)
        }
        let argsPrefix = args.isEmpty ? "" : "|\(args.count) " + args.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + " "
        return instruction.jsonArguments != nil ? argsPrefix + argv.joined(separator: " ") : argsPrefix + shell.joined(separator: " ") + " " + argv.last!
    }

    /// `RUN --mount=type=secret|bind|cache|tmpfs,...`.
    private func runMount(_ spec: String, extraRoots: inout [WorkingContainer]) throws -> ContainerMountSpec? {
        var fields: [String: String] = [:]
        for part in spec.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            fields[kv[0]] = kv.count > 1 ? kv[1] : "true"
        }
        let target = fields["target"] ?? fields["dst"] ?? fields["destination"]
        let readOnly = fields["ro"] == "true" || fields["readonly"] == "true"
        switch fields["type"] ?? "bind" {
        case "secret":
            guard let id = fields["id"] ?? target.map({ ($0 as NSString).lastPathComponent }) else {
                throw EngineError.invalid("RUN --mount=\(spec): a secret needs id=")
            }
            guard let source = options.secrets[id] else {
                if fields["required"] == "true" {
                    throw EngineError.notFound("RUN --mount=\(spec): secret \(id.debugDescription) was not given (--secret id=\(id),src=PATH)")
                }
                return nil
            }
            guard FileSystem.exists(source) else { throw EngineError.notFound("secret \(id.debugDescription): \(source): no such file or directory") }
            return ContainerMountSpec(kind: .bind, source: source, destination: target ?? "/run/secrets/" + id, options: ["ro"])
        case "bind":
            guard let target else { throw EngineError.invalid("RUN --mount=\(spec): target= is required") }
            let source = fields["source"] ?? fields["src"] ?? "/"
            var root = options.context
            if let from = fields["from"] {
                let base = try sourceState(from)
                let view = try WorkingContainer(staging: staging, lowers: try base.lowers(store))
                extraRoots.append(view)
                root = view.merged
            }
            guard case .success(let host) = PathInRoot.resolve(source, in: root) else {
                throw EngineError.notFound("RUN --mount=\(spec): \(source): no such file or directory")
            }
            return ContainerMountSpec(kind: .bind, source: host, destination: target, options: fields["rw"] == "true" && !readOnly ? [] : ["ro"])
        case "cache":
            guard let target else { throw EngineError.invalid("RUN --mount=\(spec): target= is required") }
            let dir = store.root + "/build-cache/" + String(Digest.of(Data((fields["id"] ?? target).utf8)).hex.prefix(32))
            try FileSystem.makeDirectories(dir, mode: 0o755)
            return ContainerMountSpec(kind: .bind, source: dir, destination: target, options: readOnly ? ["ro"] : [])
        case "tmpfs":
            guard let target else { throw EngineError.invalid("RUN --mount=\(spec): target= is required") }
            return ContainerMountSpec(kind: .tmpfs, source: "", destination: target, options: [])
        case let other:
            throw EngineError.invalid("RUN --mount=\(spec): unsupported mount type \(other.debugDescription)")
        }
    }

    /// The files a RUN container sees at /etc/hostname, /etc/hosts,
    /// /etc/resolv.conf and /run/.containerenv.
    private func writeEtcFiles(_ config: ContainerConfiguration, bundle: String, id: String) throws {
        try FileSystem.writeFileAtomically(bundle + "/hostname", Data((config.hostname + "\n").utf8))
        var hosts = "127.0.0.1\tlocalhost localhost.localdomain localhost4 localhost4.localdomain4\n::1\tlocalhost localhost.localdomain localhost6 localhost6.localdomain6\n"
        if config.network == .host, let host = try? FileSystem.readFile("/etc/hosts") {
            hosts = String(decoding: host, as: UTF8.self)
            if !hosts.hasSuffix("\n") { hosts += "\n" }
        } else {
            hosts += "127.0.1.1\t\(config.hostname)\n"
        }
        try FileSystem.writeFileAtomically(bundle + "/hosts", Data(hosts.utf8))
        let hostResolv = String(decoding: try FileSystem.readFileIfPresent("/etc/resolv.conf") ?? Data(), as: UTF8.self)
        try FileSystem.writeFileAtomically(bundle + "/resolv.conf", Data(ContainerManager.resolvConf(hostResolv, config).utf8))
        let env = "engine=\"berth-\(BerthVersion.string)\"\nname=\"berth-build-\(id.prefix(12))\"\nid=\"\(id)\"\nimage=\"\"\nimageid=\"\(state.id)\"\n"
        try FileSystem.writeFileAtomically(bundle + "/.containerenv", Data(env.utf8))
    }
}
