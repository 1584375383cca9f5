import Generator
import Testing

/// `berth-generator [-v] [-no-kmsg-log] [-user] [-dryrun] [-version] OUTDIR [EARLY LATE]`,
/// as systemd and Quadlet's test harness call it.
@Suite("Command line options")
struct OptionsTests {
    static let program = "/usr/lib/systemd/system-generators/berth-generator"

    @Test func systemdCallsWithThreeDirectories() throws {
        let options = try GeneratorOptions(arguments: ["/run/systemd/generator", "/run/systemd/generator.early", "/run/systemd/generator.late"], programName: Self.program)
        #expect(options.outputDirectory == "/run/systemd/generator")
        #expect(!options.isUser && !options.dryRun && !options.verbose && !options.noKmsg && !options.showVersion)
    }

    @Test(arguments: [["-v"], ["--v"], ["-v=true"], ["-v=1"], ["--v=T"]])
    func verboseSpellings(_ flags: [String]) throws {
        #expect(try GeneratorOptions(arguments: flags + ["/out"], programName: Self.program).verbose)
    }

    @Test func everyFlagWithOneOrTwoDashes() throws {
        let options = try GeneratorOptions(arguments: ["-no-kmsg-log", "--user", "-v", "/out"], programName: Self.program)
        #expect(options.noKmsg)
        #expect(options.isUser)
        #expect(options.verbose)
        #expect(options.outputDirectory == "/out")
    }

    @Test func falseValuesTurnFlagsOff() throws {
        let options = try GeneratorOptions(arguments: ["-v=false", "-no-kmsg-log=0", "--dryrun=f", "/out"], programName: Self.program)
        #expect(!options.verbose && !options.noKmsg && !options.dryRun)
    }

    @Test func dryRunAndVersionNeedNoOutputDirectory() throws {
        #expect(try GeneratorOptions(arguments: ["-dryrun"], programName: Self.program).dryRun)
        #expect(try GeneratorOptions(arguments: ["--version"], programName: Self.program).showVersion)
    }

    @Test func flagsStopAtTheFirstPositional() throws {
        let options = try GeneratorOptions(arguments: ["/out", "-v"], programName: Self.program)
        #expect(options.outputDirectory == "/out")
        #expect(!options.verbose)
        let dashed = try GeneratorOptions(arguments: ["--", "-weird-dir"], programName: Self.program)
        #expect(dashed.outputDirectory == "-weird-dir")
    }

    @Test(arguments: [
        "/usr/lib/systemd/user-generators/berth-user-generator",
        "podman-user-generator",
        "./user",
    ])
    func programNameContainingUserMeansUserMode(_ program: String) throws {
        #expect(try GeneratorOptions(arguments: ["/out"], programName: program).isUser)
        // `-user=false` cannot turn off what the name turned on (as in Quadlet).
        #expect(try GeneratorOptions(arguments: ["-user=false", "/out"], programName: program).isUser)
    }

    @Test func onlyTheProgramsBaseNameCounts() throws {
        #expect(try !GeneratorOptions(arguments: ["/out"], programName: "/usr/lib/systemd/user-generators/berth-generator").isUser)
        #expect(try !GeneratorOptions(arguments: ["/out"], programName: "/home/user/bin/berth-generator").isUser)
    }

    @Test(arguments: [
        (["-bogus", "/out"], "flag provided but not defined: -bogus"),
        (["--dryrun=maybe"], "invalid boolean value"),
        ([], "missing output directory"),
        (["-v"], "missing output directory"),
        (["/a", "/b", "/c", "/d"], "too many arguments"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) {
        #expect {
            _ = try GeneratorOptions(arguments: arguments, programName: Self.program)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
