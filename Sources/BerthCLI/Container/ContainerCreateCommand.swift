/// `create` and `run`: the verbs that take the container options.
protocol ContainerCreateCommand {
    var options: ContainerCreateOptions { get }
}
