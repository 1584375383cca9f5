/// `berth auto-update`: every running container labelled
/// `io.containers.autoupdate=registry|local` and started by a systemd unit
/// (`PODMAN_SYSTEMD_UNIT`) is checked for a newer image; its unit is
/// restarted on it, and when the restart fails (a `Type=notify` unit that
/// never became ready included) the previous image gets its name back and
/// the unit is restarted on that.
public struct AutoUpdater {
    public struct Options: Sendable {
        public var dryRun = false
        public var rollback = true
        /// How the registry is reached (`--authfile`, `--tls-verify`).
        public var pull = PullOptions()

        public init() {}
    }

    public struct Outcome: Sendable {
        public var reports: [AutoUpdateReport]
        /// One per container or unit that could not be handled; the others
        /// are still reported.
        public var errors: [EngineError]
    }

    public let store: Store
    public let options: Options
    let systemctl: Systemctl

    package init(store: Store, options: Options, systemctl: Systemctl = Systemctl()) {
        self.store = store
        self.options = options
        self.systemctl = systemctl
    }

    /// A container to look at: the unit that runs it and the image it runs.
    private struct Candidate {
        var container: Container
        var policy: AutoUpdatePolicy
        var unit: String
        var imageName: String
        var runningImage: String

        func report(_ updated: String) -> AutoUpdateReport {
            AutoUpdateReport(Unit: unit, Container: "\(container.shortID) (\(container.name))", ContainerName: container.name,
                             ContainerID: container.id, Image: imageName, Policy: policy.rawValue, Updated: updated)
        }
    }

    public func run() throws -> Outcome {
        var outcome = Outcome(reports: [], errors: [])
        var candidates: [Candidate] = []
        for container in try store.containerManager().loadAll() where container.isRunning {
            do {
                if let candidate = try candidate(container) { candidates.append(candidate) }
            } catch let error as EngineError {
                outcome.errors.append(error)
            }
        }
        // A unit that runs several containers is restarted once, for all of them.
        var units: [String] = []
        for candidate in candidates where !units.contains(candidate.unit) { units.append(candidate.unit) }
        for unit in units.sorted() {
            let members = candidates.filter { $0.unit == unit }
            var updates: [(Candidate, String)] = []
            for member in members {
                do {
                    if let newImage = try newerImage(for: member) { updates.append((member, newImage)) } else {
                        outcome.reports.append(member.report("false"))
                    }
                } catch let error as EngineError {
                    outcome.errors.append(EngineError(error.kind, "auto-updating container \(member.container.shortID): \(error.message)", exitCode: error.exitCode))
                    outcome.reports.append(member.report("failed"))
                }
            }
            guard !updates.isEmpty else { continue }
            if options.dryRun {
                outcome.reports += updates.map { $0.0.report("pending") }
                continue
            }
            let updated = update(unit, updates.map(\.0), errors: &outcome.errors)
            outcome.reports += updates.map { $0.0.report(updated) }
        }
        return outcome
    }

    /// nil for a container that is not auto-updated.
    private func candidate(_ container: Container) throws -> Candidate? {
        let labels = container.config.labels
        guard let value = labels[AutoUpdatePolicy.label],
              let policy = try AutoUpdatePolicy(label: value, container: container.id) else { return nil }
        guard let unit = labels[AutoUpdatePolicy.unitLabel], !unit.isEmpty else {
            throw EngineError.invalid("auto-updating container \(container.id.debugDescription): no \(AutoUpdatePolicy.unitLabel) label found")
        }
        guard let runningImage = container.record.imageId else {
            throw EngineError.invalid("auto-updating container \(container.id.debugDescription): it records no image")
        }
        let imageName = container.config.imageName
        if policy == .registry, try Digest.isHex64(imageName) || ImageReference.parse(imageName).wasShortName {
            throw EngineError.invalid("auto-updating container \(container.id.debugDescription): raw-image name \(imageName.debugDescription) must be fully-qualified")
        }
        return Candidate(container: container, policy: policy, unit: unit, imageName: imageName, runningImage: runningImage)
    }

    /// The ID of the image the container would run after an update; nil
    /// when it runs that one already.
    private func newerImage(for candidate: Candidate) throws -> String? {
        let id: String
        switch candidate.policy {
        case .registry: id = try ImagePuller(store: store, options: options.pull).remoteImageID(candidate.imageName)
        case .local: id = try store.images.resolve(candidate.imageName).id
        }
        return id == candidate.runningImage ? nil : id
    }

    /// Pulls what the registry policy needs, restarts `unit`, rolls back on
    /// failure; the `Updated` column's word.
    private func update(_ unit: String, _ members: [Candidate], errors: inout [EngineError]) -> String {
        do {
            var pulled: Set<String> = []
            for member in members where member.policy == .registry && !pulled.contains(member.imageName) {
                var pull = options.pull
                pull.policy = .always
                _ = try ImagePuller(store: store, options: pull).pull(member.imageName)
                pulled.insert(member.imageName)
            }
        } catch let error as EngineError {
            errors.append(EngineError(error.kind, "auto-updating unit \(unit): \(error.message)", exitCode: error.exitCode))
            return "failed"
        } catch {
            errors.append(EngineError(.system, "auto-updating unit \(unit): \(error)"))
            return "failed"
        }
        let failure: EngineError
        do {
            try restartAndCheck(unit)
            return "true"
        } catch let error as EngineError {
            failure = error
        } catch {
            failure = EngineError(.system, "restarting unit \(unit): \(error)")
        }
        guard options.rollback else {
            errors.append(EngineError(failure.kind, "auto-updating unit \(unit): \(failure.message)", exitCode: failure.exitCode))
            return "failed"
        }
        do {
            for member in members {
                try store.images.tag(member.runningImage, names: [member.imageName])
            }
            try restartAndCheck(unit)
            return "rolled back"
        } catch {
            errors.append(EngineError(.system, "auto-updating unit \(unit): \(failure.message); rolling back: \(error)"))
            return "failed"
        }
    }

    /// `systemctl restart` (which waits for a notify unit's READY), then
    /// the unit must be active.
    private func restartAndCheck(_ unit: String) throws {
        try systemctl.restart(unit)
        let state = try systemctl.activeState(unit)
        guard state == "active" else {
            throw EngineError(.system, "restarting unit \(unit): the unit is \(state) after the restart")
        }
    }
}
