import ArgumentParser

/// `berth image ...`
struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Manage images",
        subcommands: [
            ImageList.self, ImageInspect.self, ImageImport.self,
            ImageTag.self, ImageUntag.self, ImageRemove.self, ImageExists.self, ImagePrune.self,
        ]
    )
}
