import Engine
import GoTemplate
import ArgumentParser

/// `berth image rm` / `berth rmi`.
struct ImageRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more images from local storage")

    struct Options: ParsableArguments {
        @OptionGroup(title: "Global options") var global: GlobalOptions
        @Flag(name: [.short, .long], help: "Remove all images") var all = false
        @Flag(name: [.short, .long], help: "Force removal of the image and any names") var force = false
        @Flag(name: [.short, .long], help: "Ignore errors if a specified image does not exist") var ignore = false
        @Argument(help: "Images") var images: [String] = []

        func validate() throws {
            if all == !images.isEmpty { throw ValidationError(all ? "when using the --all switch, you may not pass any images names or IDs" : "image name or ID must be specified") }
        }

        func run() throws {
            let store = try global.openStore()
            let targets = all ? try store.images.list().map(\.id) : images
            var failure: EngineError?
            for target in targets {
                do {
                    if force { try removeContainers(using: target, store: store) }
                    let removal = try store.images.remove(target, force: force || all)
                    for name in removal.untagged { print("Untagged: " + name) }
                    if let id = removal.deleted { print("Deleted: " + id) }
                } catch let error as EngineError {
                    if error.kind == .notFound && ignore { continue }
                    if let earlier = failure { printError(earlier.message) }
                    failure = error.kind == .notFound ? EngineError(.notFound, error.message, exitCode: 1) : error
                }
            }
            if let failure { throw failure }
        }

        /// `rmi -f` removes the containers using the image first, as Podman does.
        private func removeContainers(using reference: String, store: Store) throws {
            guard let image = try? store.images.resolve(reference) else { return }
            let users = try store.containers.list().filter { $0.imageId == image.id }
            guard !users.isEmpty else { return }
            let manager = store.containerManager(runtime: global.runtime)
            for container in users {
                if container.config == nil {
                    // Storage only (no lifecycle record): nothing to stop.
                    try store.containers.remove(container.id)
                } else {
                    try manager.remove(container.id, force: true, timeout: 0)
                }
            }
        }
    }

    @OptionGroup var options: Options
    func run() throws { try options.run() }

    /// `berth rmi`.
    struct Shortcut: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rmi", abstract: "Remove one or more images from local storage")
        @OptionGroup var options: Options
        func run() throws { try options.run() }
    }
}
