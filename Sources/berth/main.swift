import BerthCLI

// argv read directly: CommandLine.arguments costs a runtime type lookup at start-up.
let argc = Int(CommandLine.argc)
BerthCommand.run(arguments: argc > 1 ? (1..<argc).map { String(cString: CommandLine.unsafeArgv[$0]!) } : [])
