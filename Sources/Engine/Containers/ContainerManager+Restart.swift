extension ContainerManager {
    /// Whether the container's restart policy brings it back after this
    /// exit, as Podman decides without a daemon: never after a `stop` or
    /// `kill`; `always` and `unless-stopped` after any exit; `on-failure`
    /// after a non-zero exit, up to its retry count (0: no limit). A
    /// restart is counted here, under the container's lock.
    func claimRestart(_ c: inout Container) throws -> Bool {
        let stoppedByUser = c.state.userStoppedRun != nil && c.state.userStoppedRun == c.state.startedAt
        guard let policy = c.config.restartPolicy, !stoppedByUser else { return false }
        switch policy {
        case .no: return false
        case .always, .unlessStopped: break
        case .onFailure(let maxRetries):
            guard c.state.exitCode != 0 else { return false }
            if let maxRetries, maxRetries > 0, c.state.restartCount >= maxRetries { return false }
        }
        c.state.restartCount += 1
        try save(c)
        return true
    }
}
