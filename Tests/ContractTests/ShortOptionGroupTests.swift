import Testing
@testable import BerthCLI

/// Short options with their value attached, and grouped letters, read as
/// pflag (Podman's parser) reads them.
@Suite("Short option groups as Podman reads them")
struct ShortOptionGroupTests {
    @Test("-p8080:80, -eA=1, -e=B=2 and -dit: values attached, letters grouped; the container's own words untouched")
    func runGroups() throws {
        let command = try BerthCommand.parseCommandLine(["run", "-p8080:80", "-eA=1", "-e=B=2", "-dit", "--rm", "busybox", "ls", "-la"])
        let run = try #require(command as? ContainerRun)
        #expect(run.options.publish == ["8080:80"])
        #expect(run.options.env == ["A=1", "B=2"])
        #expect(run.detach && run.options.interactive && run.options.tty && run.options.rm)
        #expect(run.imageAndCommand == ["busybox", "ls", "-la"])
    }

    @Test("a value-taking letter at a group's end takes the next word: -dp 8080:80")
    func valueAtGroupEnd() throws {
        let run = try #require(try BerthCommand.parseCommandLine(["--log-level", "error", "run", "-dp", "8080:80", "busybox"]) as? ContainerRun)
        #expect(run.detach && run.options.publish == ["8080:80"])
        #expect(run.imageAndCommand == ["busybox"])
    }

    @Test("rm -t0 and rm -ft0: the seconds attached")
    func removeTime() throws {
        for words in [["rm", "-t0", "web"], ["rm", "-ft0", "web"], ["container", "rm", "-t", "0", "web"]] {
            let remove = try #require(try BerthCommand.parseCommandLine(words) as? ContainerRemove)
            #expect(remove.time == 0 && remove.containers == ["web"], "\(words)")
        }
        #expect(try (BerthCommand.parseCommandLine(["rm", "-ft0", "web"]) as? ContainerRemove)?.force == true)
    }

    @Test("a letter that takes no value does not take the rest of its word: -t0 on run stays an error", arguments: [
        ["run", "-t0", "busybox"], ["run", "-dZ", "busybox"], ["rm", "-q", "web"],
    ])
    func refused(_ words: [String]) {
        #expect(throws: (any Error).self) { try BerthCommand.parseCommandLine(words) }
    }
}
