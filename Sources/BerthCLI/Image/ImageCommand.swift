import Engine
import GoTemplate
import ArgumentParser

/// `berth image ...`
struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Manage images",
        subcommands: [
            ImageList.self, ImageInspect.self, ImageImport.self, ImageLoad.self, ImageSave.self,
            ImageTag.self, ImageUntag.self, ImageRemove.self, ImageExists.self, ImagePrune.self, ImageBuild.self, ImagePull.self, ImagePush.self, ImageHistory.self, ImageTreeCommand.self,
        ]
    )
}
