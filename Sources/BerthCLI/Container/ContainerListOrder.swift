import Engine

/// `ps --sort`: Podman's keys (`created`, newest first, is the listing's own order).
enum ContainerListOrder: String {
    case command, created, id, image, names, runningfor, size, status

    func sorted(_ containers: [Container]) -> [Container] {
        switch self {
        case .command: containers.sorted { $0.config.args.joined(separator: " ") < $1.config.args.joined(separator: " ") }
        case .created, .size: containers
        case .id: containers.sorted { $0.id < $1.id }
        case .image: containers.sorted { $0.config.imageName < $1.config.imageName }
        case .names: containers.sorted { $0.name < $1.name }
        case .runningfor: containers.sorted { ($0.state.startedAt ?? 0) > ($1.state.startedAt ?? 0) }
        case .status: containers.sorted { $0.statusWord < $1.statusWord }
        }
    }
}
