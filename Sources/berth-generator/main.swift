import Generator

#if canImport(Glibc)
import Glibc
#endif

let programPath = CommandLine.arguments.first ?? "berth-generator"
let options: GeneratorOptions
do {
    options = try GeneratorOptions(arguments: Array(CommandLine.arguments.dropFirst()), programName: programPath)
} catch {
    StandardError.write("berth-generator: \(error)\n\(GeneratorOptions.usage)\n")
    exit(2)
}
if options.showVersion {
    print(GeneratorVersion.string)
    exit(0)
}
if let podman = PodmanGenerator.activeInstead(ofProgram: programPath, isUser: options.isUser) {
    if options.verbose || options.dryRun {
        StandardError.write("berth-generator: \(podman) is active and reads the same Quadlet files: leaving them to it (mask it to use Berth's)\n")
    }
    exit(0)
}
Generator.prepareWorkers()
let log: (String) -> Void = { StandardError.write("berth-generator: \($0)\n") }
var generator = Generator(
    options: options,
    searchPaths: SearchPaths.forCurrentProcess(isUser: options.isUser, log: log),
    context: ConversionContext(isUser: options.isUser, engine: EnginePath.resolve()),
    programName: programPath
)
generator.exitsAfterRun = true
exit(generator.run())
