import Engine

/// What `pause` and `unpause` share: the containers named (or, with `--all`,
/// every container in `status`), each passed to `act`, its name printed;
/// failures reported as Podman does, the last one thrown.
enum ContainerFreezeVerb {
    static func run(global: GlobalOptions, all: Bool, containers: [String], status: ContainerStatus,
                    act: (ContainerManager, String) throws -> Void) throws {
        if all && !containers.isEmpty { throw EngineError.invalid("no arguments are needed with --all") }
        if !all && containers.isEmpty { throw EngineError.invalid("you must provide at least one name or id") }
        let manager = try global.openStore().containerManager(runtime: global.runtime)
        let names = all ? try manager.loadAll().filter { $0.state.status == status }.map(\.id) : containers
        var failure: Error?
        for name in names {
            do {
                try act(manager, name)
                print(name)
            } catch {
                if let f = failure { reportContainerError(f) }
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
