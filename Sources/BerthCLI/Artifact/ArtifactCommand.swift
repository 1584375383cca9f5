import ArgumentParser

/// `berth artifact ...`: the local OCI artifact store.
struct ArtifactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact",
        abstract: "Manage OCI artifacts",
        subcommands: [ArtifactAdd.self, ArtifactExtract.self, ArtifactInspect.self, ArtifactList.self,
                      ArtifactPull.self, ArtifactPush.self, ArtifactRemove.self]
    )
}
