import Engine
import GoTemplate
import ArgumentParser

/// `berth container ...`
struct ContainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container",
        abstract: "Manage containers",
        subcommands: [
            ContainerAttach.self, ContainerCleanup.self, ContainerCreate.self, ContainerExec.self, ContainerExists.self,
            ContainerInspect.self, ContainerKill.self, ContainerList.self, ContainerLogs.self, ContainerMountCommand.self,
            ContainerPort.self, ContainerPrune.self, ContainerRestart.self, ContainerRemove.self, ContainerRun.self,
            ContainerStart.self, ContainerStop.self, ContainerTop.self, ContainerUnmountCommand.self, ContainerWait.self,
            ContainerPause.self, ContainerUnpause.self, ContainerRename.self, ContainerExport.self, ContainerDiff.self, ContainerCopy.self,
            ContainerCommit.self,
            ContainerStatsCommand.self,
        ]
    )
}
