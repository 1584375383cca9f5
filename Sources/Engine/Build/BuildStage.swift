/// One `FROM` and the instructions after it, up to the next `FROM`.
struct BuildStage {
    var index: Int
    var from: Containerfile.Instruction
    /// `AS name`, lower-cased (stage names are case-insensitive).
    var name: String?
    var instructions: [Containerfile.Instruction]

    /// The instruction count Podman shows (`STEP n/m`), FROM included.
    var stepCount: Int { instructions.count + 1 }

    /// Splits `file` into its global ARGs (before the first FROM) and stages,
    /// and refuses references to a stage from itself or a later stage
    /// (FROM, COPY --from, RUN --mount from=) as a cycle, naming the line.
    static func split(_ file: Containerfile) throws -> (globalArgs: [Containerfile.Instruction], stages: [BuildStage]) {
        var globals: [Containerfile.Instruction] = []
        var stages: [BuildStage] = []
        for instruction in file.instructions {
            if instruction.keyword == "FROM" {
                let words = instruction.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                var name: String?
                if words.count == 3, words[1].lowercased() == "as" {
                    name = words[2].lowercased()
                } else if words.count != 1 {
                    throw EngineError.invalid("\(file.name):\(instruction.line): FROM requires either one or three arguments (FROM IMAGE [AS NAME])")
                }
                stages.append(BuildStage(index: stages.count, from: instruction, name: name, instructions: []))
            } else if stages.isEmpty {
                guard instruction.keyword == "ARG" else {
                    throw EngineError.invalid("\(file.name):\(instruction.line): no FROM before \(instruction.keyword): a Containerfile must start with FROM (only ARG may come before it)")
                }
                globals.append(instruction)
            } else {
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
        guard !stages.isEmpty else { throw EngineError.invalid("\(file.name): no FROM instruction: nothing to build") }
        var seen: Set<String> = []
        for (i, stage) in stages.enumerated() {
            if let name = stage.name {
                guard !seen.contains(name) else {
                    throw EngineError.invalid("\(file.name):\(stage.from.line): duplicate stage name \(name.debugDescription)")
                }
                seen.insert(name)
            }
            let later = Set(stages[i...].compactMap(\.name))
            let base = stage.from.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map { $0.lowercased() } ?? ""
            if later.contains(base) {
                throw EngineError.invalid("\(file.name):\(stage.from.line): FROM \(base): stage \(base.debugDescription) refers to itself or a later stage (a cycle)")
            }
            for instruction in stage.instructions {
                var references = instruction.flagValues("from")
                for mount in instruction.flagValues("mount") {
                    for part in mount.split(separator: ",") where part.hasPrefix("from=") { references.append(String(part.dropFirst(5))) }
                }
                for reference in references where later.contains(reference.lowercased()) {
                    throw EngineError.invalid("\(file.name):\(instruction.line): \(instruction.keyword) --from=\(reference): stage \(reference.debugDescription) refers to itself or a later stage (a cycle)")
                }
            }
        }
        return (globals, stages)
    }
}
