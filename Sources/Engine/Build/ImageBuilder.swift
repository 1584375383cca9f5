#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `berth build`: runs a Containerfile's stages in order up to the target,
/// each instruction a step as Podman (buildah) runs it, and commits the
/// target stage as an image. With `--layers` every step's result is cached
/// (layer and config, keyed on the previous step's image id, the
/// instruction and the content of its inputs); a failing step leaves no
/// image and no working container behind.
package final class ImageBuilder {
    let store: Store
    let options: BuildOptions
    /// Progress lines (`STEP 1/3: FROM ...`), as Podman prints them on stdout.
    let output: (String) -> Void
    /// Warnings, on stderr.
    let warn: (String) -> Void
    let staging: StagingArea
    var file: Containerfile
    var stages: [BuildStage] = []
    var globalArgs: [String: String] = [:]
    /// Final states of the stages run so far, by index.
    var finished: [Int: BuildState] = [:]
    var consumedArgs: Set<String> = []
    /// The context's ignore file once read (`contextIgnore()`).
    var loadedIgnore: BuildIgnore?

    // The stage being run.
    var stage: BuildStage!
    var state: BuildState!
    var args: [String: String] = [:]
    var working: WorkingContainer?
    var cmdSetInStage = false
    var lastLayerHistory: Int?
    var prefix = ""

    package init(store: Store, options: BuildOptions, output: @escaping (String) -> Void, warn: @escaping (String) -> Void) throws {
        self.store = store
        self.options = options
        self.output = options.quiet ? { _ in } : output
        self.warn = warn
        guard geteuid() == 0 else {
            throw EngineError.invalid("build needs root (overlay mounts, the OCI runtime): rootless builds are not supported yet")
        }
        guard store.driver == .overlay else {
            throw EngineError.invalid("build needs the overlay storage driver (this store uses \(store.driver.rawValue))")
        }
        try ImageBuilder.checkPlatform(options.platform, context: "")
        file = try ImageBuilder.readContainerfiles(options)
        staging = try store.beginStaging()
    }

    deinit {
        working?.unmount()
        staging.finish()
    }

    /// The Containerfiles (`-f`, else Containerfile or Dockerfile in the
    /// context), concatenated.
    static func readContainerfiles(_ options: BuildOptions) throws -> Containerfile {
        var paths: [String] = []
        if options.files.isEmpty {
            guard let found = ["Containerfile", "Dockerfile"].map({ options.context + "/" + $0 }).first(where: FileSystem.exists) else {
                throw EngineError.notFound("no Containerfile or Dockerfile specified or found in context directory, \(options.context): no such file or directory")
            }
            paths = [found]
        } else {
            for given in options.files {
                if given == "-" { paths.append("/dev/stdin"); continue }
                if FileSystem.exists(given) || given.hasPrefix("/") { paths.append(given) } else { paths.append(options.context + "/" + given) }
            }
        }
        var text = ""
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EngineError.notFound("the specified Containerfile or Dockerfile does not exist, \(path): no such file or directory")
            }
            text += String(decoding: data, as: UTF8.self)
            if !text.hasSuffix("\n") { text += "\n" }
        }
        let name = options.files.count == 1 ? (options.files[0] as NSString).lastPathComponent : (paths.count == 1 ? (paths[0] as NSString).lastPathComponent : "Containerfile")
        return try Containerfile.parse(text, name: name)
    }

    /// Runs the build; returns the new image's ID.
    package func build() throws -> String {
        let (globals, allStages) = try BuildStage.split(file)
        stages = allStages
        var targetIndex = stages.count - 1
        if let target = options.target {
            guard let index = stages.firstIndex(where: { $0.name == target.lowercased() }) else {
                throw EngineError.invalid("the target \(target.debugDescription) was not found in the provided Containerfile")
            }
            targetIndex = index
        }
        let words = BuildWords(escape: file.escape, environment: [:])
        for instruction in globals {
            for (name, value, hasDefault) in try argDeclarations(instruction, words: words) {
                if let given = options.buildArgs[name] { globalArgs[name] = given; consumedArgs.insert(name) } else if hasDefault { globalArgs[name] = value }
            }
        }
        let multi = targetIndex > 0
        for index in 0...targetIndex {
            prefix = multi ? "[\(index + 1)/\(targetIndex + 1)] " : ""
            try runStage(stages[index], isTarget: index == targetIndex)
        }
        let result = try commit(finished[targetIndex]!, multi: multi)
        let unused = Set(options.buildArgs.keys).subtracting(consumedArgs).sorted()
        if !unused.isEmpty { warn("one or more build args were not consumed: [\(unused.joined(separator: " "))]") }
        return result
    }

    /// ARG words: (name, value, whether a default was given).
    func argDeclarations(_ instruction: Containerfile.Instruction, words: BuildWords) throws -> [(String, String, Bool)] {
        try words.split(instruction.arguments).map { word in
            guard let eq = word.firstIndex(of: "=") else { return (word, "", false) }
            return (String(word[..<eq]), try words.process(String(word[word.index(after: eq)...])), true)
        }
    }

    // MARK: stages

    private func runStage(_ stage: BuildStage, isTarget: Bool) throws {
        self.stage = stage
        args = [:]
        cmdSetInStage = false
        lastLayerHistory = nil
        working = nil
        // Podman shows FROM with its ARGs expanded.
        var from = stage.from
        let fromWords = from.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        from.arguments = ([try BuildWords(escape: file.escape, environment: globalArgs).process(fromWords[0])] + fromWords.dropFirst()).joined(separator: " ")
        output("\(prefix)STEP 1/\(stage.stepCount): \(from.display)")
        state = try fromState(stage)
        let last = stage.instructions.count - 1
        for (i, instruction) in stage.instructions.enumerated() {
            output("\(prefix)STEP \(i + 2)/\(stage.stepCount): \(instruction.display)")
            do {
                try step(instruction, last: i == last && isTarget)
            } catch let error as EngineError {
                throw stepError(instruction, error)
            }
        }
        if let working {
            self.working = nil
            let layer = try working.finish(parent: state.topLayer, staging: staging)
            state.staged.append(layer)
            var config = state.config
            config.rootfs.diffIDs.append(layer.unpacked.diffID.description)
            if let index = lastLayerHistory, config.history != nil, index < config.history!.count { config.history![index].emptyLayer = nil }
            try state.setConfig(config)
        }
        finished[stage.index] = state
    }

    /// Podman's wording: `building at STEP "RUN false": ...`; the line where the step is.
    func stepError(_ instruction: Containerfile.Instruction, _ error: EngineError) -> EngineError {
        if error.message.hasPrefix("building at STEP") { return error }
        return EngineError(error.kind, "building at STEP \"\(instruction.display)\": \(file.name):\(instruction.line): \(error.message)", exitCode: error.exitCode)
    }

    /// Variables for expansion: the stage's ARGs under its ENV.
    var environment: [String: String] {
        var env = args
        for entry in state.containerConfig.env ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            env[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return env
    }

    var words: BuildWords { BuildWords(escape: file.escape, environment: environment) }

    private func fromState(_ stage: BuildStage) throws -> BuildState {
        let expanded = try BuildWords(escape: file.escape, environment: globalArgs)
            .process(String(stage.from.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" })[0]))
        // `--platform=$BUILDPLATFORM` (an ARG berth leaves empty) is the host's.
        if let platform = try stage.from.flag("platform").map({ try BuildWords(escape: file.escape, environment: globalArgs).process($0) }),
           !platform.isEmpty {
            try ImageBuilder.checkPlatform(try Platform(platform: platform, os: nil, arch: nil, variant: nil), context: "FROM --platform=\(platform): ")
        }
        if expanded.lowercased() == "scratch" {
            let config = ImageConfig(created: nil, architecture: ImageStore.hostArchitecture, os: "linux", config: ContainerConfig(), diffIDs: [], history: [])
            return try BuildState(config: config, storedTop: nil)
        }
        if let base = stages[..<stage.index].first(where: { $0.name == expanded.lowercased() }) {
            return try inheritOnBuild(finished[base.index]!)
        }
        let image: StoredImage
        do {
            image = try resolveImage(expanded)
        } catch let error as EngineError {
            throw EngineError(error.kind, "\(file.name):\(stage.from.line): FROM \(expanded): \(error.message)", exitCode: error.exitCode)
        }
        let base = BuildState(config: try image.decodedConfig(), configData: image.record.config, storedTop: image.record.topLayer)
        return try inheritOnBuild(base)
    }

    /// A FROM image or `--from` image per the pull policy.
    func resolveImage(_ name: String) throws -> StoredImage {
        if options.pull == .missing || options.pull == .never {
            do { return try store.images.resolve(name) } catch let error as EngineError where error.kind == .notFound {
                if options.pull == .never { throw EngineError(.notFound, "\(name): image not known") }
            }
        }
        var pull = options.pullOptions
        pull.policy = options.pull
        let id = try ImagePuller(store: store, options: pull).pull(name)
        return try store.images.resolve(id)
    }

    /// Runs the base's ONBUILD triggers as part of FROM; the new image does not keep them.
    private func inheritOnBuild(_ base: BuildState) throws -> BuildState {
        state = base
        guard let triggers = base.containerConfig.onBuild, !triggers.isEmpty else { return base }
        var config = base.config
        config.config?.onBuild = nil
        try state.setConfig(config)
        for trigger in triggers {
            let parsed = try Containerfile.parse(trigger + "\n", name: file.name)
            for var instruction in parsed.instructions {
                instruction.line = stage.from.line
                try step(instruction, last: false, quietStep: true)
            }
        }
        return state
    }

    // MARK: steps

    private static let layerInstructions: Set<String> = ["RUN", "COPY", "ADD"]

    /// One instruction: from the cache, or run and (with layers) cached.
    private func step(_ instruction: Containerfile.Instruction, last: Bool, quietStep: Bool = false) throws {
        let makesLayer = ImageBuilder.layerInstructions.contains(instruction.keyword)
        let cached = options.layers && !options.squash
        if !cached {
            if makesLayer {
                if working == nil { working = try WorkingContainer(staging: staging, lowers: try state.lowers(store)) }
                try apply(instruction, in: working!, layerHistory: true)
            } else {
                try apply(instruction, in: nil, layerHistory: false)
            }
            return
        }
        // The format decides whether HEALTHCHECK, SHELL and ONBUILD are kept.
        let inputs = try cacheInputs(instruction) + ["format=\(options.format.rawValue)"]
        let key = BuildCache.key(parent: state.id, instruction: instruction.keyword + " " + instruction.flags.joined(separator: " ") + " " + instruction.arguments
                                 + instruction.heredocs.map(\.content).joined(), inputs: inputs)
        let cache = BuildCache(store: store)
        if !options.noCache, let hit = try cache.lookup(key) {
            try applyStageEffects(instruction)
            state = hit
            if !quietStep { output("--> Using cache \(hit.id)") }
        } else if makesLayer {
            let container = try WorkingContainer(staging: staging, lowers: try state.lowers(store))
            defer { container.unmount() }
            try apply(instruction, in: container, layerHistory: true)
            let layer = try container.finish(parent: state.topLayer, staging: staging)
            var config = state.config
            config.rootfs.diffIDs.append(layer.unpacked.diffID.description)
            try state.setConfig(config)
            state.staged.append(layer)
            state = try cache.record(key, state: state)
        } else {
            try apply(instruction, in: nil, layerHistory: false)
            state = try cache.record(key, state: state)
        }
        if !last && !quietStep { output("--> \(state.id.prefix(11))") }
    }

    /// What a step's result depends on besides the instruction text and
    /// the image before it.
    private func cacheInputs(_ instruction: Containerfile.Instruction) throws -> [String] {
        switch instruction.keyword {
        case "COPY", "ADD":
            return [try sourceDigest(instruction)]
        case "RUN":
            return args.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + ["network=\(options.network ?? "")"]
                + options.volumes + options.env
        case "ARG":
            return try argDeclarations(instruction, words: words).map { "\($0.0)=\(options.buildArgs[$0.0] ?? $0.1)" }
        default:
            return []
        }
    }

    /// Applies one instruction to `state` (and `container` for RUN/COPY/ADD).
    private func apply(_ instruction: Containerfile.Instruction, in container: WorkingContainer?, layerHistory: Bool) throws {
        var config = state.config
        var c = config.config ?? ContainerConfig()
        var createdBy = "/bin/sh -c #(nop) " + instruction.display
        let w = words
        switch instruction.keyword {
        case "RUN":
            createdBy = try run(instruction, in: container!)
        case "COPY", "ADD":
            createdBy = try copy(instruction, in: container!)
        case "ENV":
            var env = c.env ?? []
            for (name, value) in try w.assignments(instruction.arguments, legacy: true) {
                guard !name.isEmpty else { throw EngineError.invalid("ENV names can not be blank") }
                env.removeAll { $0 == name || $0.hasPrefix(name + "=") }
                env.append(name + "=" + value)
            }
            c.env = env
        case "ARG":
            try applyStageEffects(instruction)
            createdBy = "/bin/sh -c #(nop) ARG " + instruction.arguments
        case "LABEL":
            var labels = c.labels ?? [:]
            for (name, value) in try w.assignments(instruction.arguments, legacy: false) {
                guard !name.isEmpty else { throw EngineError.invalid("LABEL names can not be blank") }
                labels[name] = value
            }
            c.labels = labels
        case "MAINTAINER":
            config.author = try w.process(instruction.arguments)
        case "WORKDIR":
            let dir = try w.process(instruction.arguments.trimmingCharacters(in: .whitespaces))
            let base = c.workingDir ?? "/"
            c.workingDir = ImageBuilder.clean(dir.hasPrefix("/") ? dir : base + "/" + dir)
        case "USER":
            c.user = try w.process(instruction.arguments.trimmingCharacters(in: .whitespaces))
        case "EXPOSE":
            var ports = c.exposedPorts ?? [:]
            for word in try w.processAll(instruction.arguments) {
                ports[word.contains("/") ? word.lowercased() : word + "/tcp"] = EmptyObject()
            }
            c.exposedPorts = ports
        case "VOLUME":
            var volumes = c.volumes ?? [:]
            let list = try instruction.jsonArguments ?? w.processAll(instruction.arguments)
            for volume in list where !volume.isEmpty { volumes[volume] = EmptyObject() }
            c.volumes = volumes
        case "ENTRYPOINT":
            c.entrypoint = command(instruction, shell: c.shell)
            if !cmdSetInStage { c.cmd = nil }
        case "CMD":
            c.cmd = command(instruction, shell: c.shell)
            try applyStageEffects(instruction)
        case "STOPSIGNAL":
            let signal = try w.process(instruction.arguments.trimmingCharacters(in: .whitespaces))
            _ = try Signals.parse(signal)
            c.stopSignal = signal
        case "SHELL":
            guard let shell = instruction.jsonArguments, !shell.isEmpty else {
                throw EngineError.invalid("SHELL requires the arguments to be in JSON form")
            }
            if options.format == .oci { warn("SHELL is not supported for OCI image format, [\(shell.joined(separator: " "))] will be ignored. Must use `docker` format") } else { c.shell = shell }
        case "HEALTHCHECK":
            let check = try healthcheck(instruction)
            if options.format == .oci { warn("HEALTHCHECK is not supported for OCI image format and will be ignored. Must use `docker` format") } else { c.healthcheck = check }
        case "ONBUILD":
            let trigger = instruction.arguments.trimmingCharacters(in: .whitespaces)
            let keyword = trigger.split(separator: " ").first.map { $0.uppercased() } ?? ""
            guard Containerfile.knownInstructions.contains(keyword), !["ONBUILD", "FROM", "MAINTAINER"].contains(keyword) else {
                throw EngineError.invalid("ONBUILD: \(keyword.isEmpty ? "no instruction" : keyword + " isn't allowed as an ONBUILD trigger")")
            }
            if options.format == .oci { warn("ONBUILD is not supported for OCI image format, \(trigger) will be ignored. Must use `docker` format") } else { c.onBuild = (c.onBuild ?? []) + [trigger] }
        default:
            throw EngineError.invalid("unknown instruction: \(instruction.keyword.debugDescription)")
        }
        config.config = c
        let now = Timestamp.rfc3339(Timestamp.now())
        config.created = now
        var history = config.history ?? []
        // Without --layers a stage's RUN/COPY/ADD share one layer: the last of them owns it (see runStage).
        history.append(ImageConfig.History(created: now, createdBy: createdBy, author: nil, comment: nil,
                                           emptyLayer: layerHistory && working == nil ? nil : true))
        if layerHistory && working != nil { lastLayerHistory = history.count - 1 }
        config.history = history
        try state.setConfig(config)
    }

    /// What an instruction changes besides the image config: ARG's values
    /// for the rest of the stage, CMD's mark. Applied on a cache hit too.
    private func applyStageEffects(_ instruction: Containerfile.Instruction) throws {
        switch instruction.keyword {
        case "ARG":
            for (name, value, hasDefault) in try argDeclarations(instruction, words: words) {
                if let given = options.buildArgs[name] {
                    args[name] = given
                    consumedArgs.insert(name)
                } else if hasDefault {
                    args[name] = value
                } else if let global = globalArgs[name] {
                    args[name] = global
                }
            }
        case "CMD":
            cmdSetInStage = true
        default:
            break
        }
    }

    /// CMD/ENTRYPOINT: the JSON form as written, the shell form through the shell.
    private func command(_ instruction: Containerfile.Instruction, shell: [String]?) -> [String] {
        if let json = instruction.jsonArguments { return json }
        return (shell ?? ["/bin/sh", "-c"]) + [instruction.arguments]
    }

    private func healthcheck(_ instruction: Containerfile.Instruction) throws -> ContainerConfig.Healthcheck {
        let text = instruction.arguments.trimmingCharacters(in: .whitespaces)
        var check = ContainerConfig.Healthcheck()
        if text.uppercased() == "NONE" {
            check.test = ["NONE"]
            return check
        }
        guard text.uppercased().hasPrefix("CMD") else { throw EngineError.invalid("HEALTHCHECK must be NONE or CMD COMMAND") }
        let rest = String(text.dropFirst(3)).trimmingCharacters(in: .whitespaces)
        let json = Containerfile.Instruction(line: instruction.line, keyword: "CMD", flags: [], arguments: rest).jsonArguments
        check.test = json.map { ["CMD"] + $0 } ?? ["CMD-SHELL", rest]
        func nanos(_ name: String) throws -> Int64? {
            try instruction.flag(name).map { Int64(try Durations.parse($0) * 1e9) }
        }
        check.interval = try nanos("interval")
        check.timeout = try nanos("timeout")
        check.startPeriod = try nanos("start-period")
        if let retries = instruction.flag("retries") {
            guard let n = Int(retries), n >= 0 else { throw EngineError.invalid("HEALTHCHECK --retries must be a number, not \(retries.debugDescription)") }
            check.retries = n
        }
        return check
    }

    /// Refuses a platform other than this machine's: a build runs its RUN
    /// steps here, without emulation.
    static func checkPlatform(_ platform: Platform, context: String) throws {
        guard platform.accepts(.host) else {
            throw EngineError.invalid("\(context)building for \(platform) is not supported: berth builds only for this machine's platform (\(Platform.host))")
        }
    }

    /// `/a/./b/../c` → `/a/c`.
    static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    // MARK: commit

    /// Commits the target stage's state under the tags: its layers move into
    /// the store and the image is recorded in one transaction.
    private func commit(_ final: BuildState, multi: Bool) throws -> String {
        var result = final
        var config = final.config
        if !options.labels.isEmpty || !options.env.isEmpty {
            var c = config.config ?? ContainerConfig()
            if !options.labels.isEmpty { c.labels = (c.labels ?? [:]).merging(options.labels) { _, new in new } }
            for assignment in options.env {
                let name = assignment.split(separator: "=", maxSplits: 1).first.map(String.init) ?? assignment
                c.env = (c.env ?? []).filter { $0 != name && !$0.hasPrefix(name + "=") } + [assignment]
            }
            config.config = c
            try result.setConfig(config)
        }
        let names = try options.tags.map { try ImageReference.parseLocal($0).description }
        output("\(prefix)COMMIT\(options.tags.first.map { " " + $0 } ?? "")")
        var descriptors: [Descriptor] = []
        if let top = final.storedTop {
            let chain = try store.database.read { db in try store.layers.chain(top, db: db) }.reversed()
            for layer in chain {
                guard let diff = layer.diffId else { throw EngineError(.corrupt, "layer \(layer.id) has no diff id") }
                descriptors.append(Descriptor(mediaType: MediaType.ociLayer, digest: try Digest(parsing: diff), size: layer.size))
            }
        }
        for layer in final.staged {
            descriptors.append(Descriptor(mediaType: MediaType.ociLayer, digest: layer.unpacked.diffID, size: layer.unpacked.tarSize))
        }
        let id = try store.images.commit(config: result.configData, layers: final.staged, existingTop: final.storedTop,
                                         layerDescriptors: descriptors, names: names, created: Timestamp.now(), staging: staging,
                                         annotations: options.annotations)
        output("--> \(id.prefix(11))")
        for name in names { output("Successfully tagged \(name)") }
        if let iidFile = options.iidFile {
            try FileSystem.writeFileAtomically(iidFile, Data(("sha256:" + id).utf8))
        }
        return id
    }
}
