import BerthCLI

/// Marks this executable as the one whose start-up joins the rootless user
/// namespace (CShim's constructor looks for this symbol; see berth_rootless.h).
@_cdecl("berth_rootless_entry")
func berthRootlessEntry() {}

// argv as glibc handed it to constructors: CommandLine costs a runtime type
// lookup at start-up, and comes back empty once the rootless namespace is joined.
BerthCommand.run(arguments: Array(BerthCommand.startupArguments.dropFirst()))
