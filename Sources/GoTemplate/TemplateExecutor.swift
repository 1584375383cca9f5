/// Walks a parsed template against a value, following Go's text/template
/// evaluation rules (map lookups, `<no value>`, truthiness, variable scopes).
struct TemplateExecutor {
    /// `nil` stands for Go's invalid reflect.Value: a missing map key.
    typealias Value = TemplateValue?

    enum Flow { case normal, breakLoop, continueLoop }

    /// The value piped into a command from the previous stage, if any.
    enum Final {
        case none
        case value(Value)
        var isPresent: Bool { if case .none = self { false } else { true } }
    }

    let source: [UInt8]
    /// Header rows: every field evaluates to its column title.
    let headerTitle: ((String) -> String)?
    /// Go's type of the object a row or inspect prints (a struct in Podman):
    /// a field it lacks is an error, where a map's missing key is `<no value>`.
    let structType: String?
    private var structValue: TemplateValue?
    private(set) var output = ""
    private var variables: [(name: String, value: Value)] = []
    private var errorPos = 0
    private var errorContext = ""

    init(source: [UInt8], headerTitle: ((String) -> String)? = nil, structType: String? = nil) {
        self.source = source
        self.headerTitle = headerTitle
        self.structType = structType
    }

    mutating func run(_ nodes: [TemplateNode], dot: TemplateValue, root: TemplateValue) throws {
        variables = [("$", root)]
        if structType != nil { structValue = dot }
        _ = try walk(nodes, dot: dot)
    }

    func fail(_ message: String) -> TemplateError {
        TemplateError.at(errorPos, in: source, .execute, message, context: errorContext)
    }

    private mutating func at(_ pos: Int, _ text: String) {
        errorPos = pos
        errorContext = text
    }

    // MARK: statements

    private mutating func walk(_ nodes: [TemplateNode], dot: Value) throws -> Flow {
        for node in nodes {
            let flow = try walk(node, dot: dot)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private mutating func walk(_ node: TemplateNode, dot: Value) throws -> Flow {
        switch node {
        case .text(let s):
            output += s
        case .action(let pipe):
            let value = try evalPipeline(pipe, dot: dot)
            if pipe.declarations.isEmpty { output += Self.printable(value) }
        case .ifNode(let pipe, let list, let elseList), .withNode(let pipe, let list, let elseList):
            let mark = variables.count
            defer { variables.removeSubrange(mark...) }
            let value = try evalPipeline(pipe, dot: dot)
            let isWith: Bool
            if case .withNode = node { isWith = true } else { isWith = false }
            if truth(value) {
                return try walk(list, dot: isWith ? value : dot)
            } else if let elseList {
                return try walk(elseList, dot: dot)
            }
        case .rangeNode(let pipe, let list, let elseList):
            return try walkRange(pipe, list, elseList, dot: dot)
        case .breakNode:
            return .breakLoop
        case .continueNode:
            return .continueLoop
        }
        return .normal
    }

    private mutating func walkRange(_ pipe: TemplatePipe, _ list: [TemplateNode], _ elseList: [TemplateNode]?, dot: Value) throws -> Flow {
        let outer = variables.count
        defer { variables.removeSubrange(outer...) }
        let value = try evalPipeline(pipe, dot: dot)
        at(pipe.pos, pipe.text)
        var items: [(index: TemplateValue, element: TemplateValue)] = []
        var count = 0
        switch value {
        case nil, .null?:
            break
        case .array(let elements)?:
            items = elements.enumerated().map { (.int($0.offset), $0.element) }
            count = items.count
        case .object?:
            items = value!.sortedMembers.map { (.string($0.0), $0.1) }
            count = items.count
        case .int(let n)?:
            // Go 1.22 ranges over an integer; iterate without building a list.
            count = max(n, 0)
        case .string(let s)? where headerTitle != nil:
            items = [(.int(0), .string(s))]
            count = 1
        case let other?:
            throw fail("range can't iterate over \(GoFmt.value(other))")
        }
        let mark = variables.count
        for position in 0..<count {
            let item = items.isEmpty ? (index: TemplateValue.int(position), element: TemplateValue.int(position)) : items[position]
            if !pipe.declarations.isEmpty {
                if pipe.isAssign {
                    set(pipe.declarations[0], pipe.declarations.count > 1 ? item.index : item.element)
                    if pipe.declarations.count > 1 { set(pipe.declarations[1], item.element) }
                } else {
                    variables[variables.count - 1].value = item.element
                    if pipe.declarations.count > 1 { variables[variables.count - 2].value = item.index }
                }
            }
            let flow = try walk(list, dot: item.element)
            variables.removeSubrange(mark...)
            if flow == .breakLoop { break }
        }
        if count == 0, let elseList {
            return try walk(elseList, dot: dot)
        }
        return .normal
    }

    private mutating func set(_ name: String, _ value: Value) {
        if let i = variables.lastIndex(where: { $0.name == name }) { variables[i].value = value }
    }

    /// What `{{pipeline}}` prints: `<no value>` for a missing (or nil) value,
    /// Go's `%v` otherwise.
    static func printable(_ value: Value) -> String {
        guard let value, value != .null else { return "<no value>" }
        return GoFmt.value(value)
    }

    func truth(_ value: Value) -> Bool {
        value?.isTruthy ?? false
    }

    // MARK: pipelines and commands

    mutating func evalPipeline(_ pipe: TemplatePipe, dot: Value) throws -> Value {
        var value: Value = nil
        var final = Final.none
        for command in pipe.commands {
            value = try evalCommand(command, dot: dot, final: final)
            // Go digs into interface{} values: a JSON null becomes "no value".
            if value == .null { value = nil }
            final = .value(value)
        }
        for name in pipe.declarations {
            if pipe.isAssign { set(name, value) } else { variables.append((name, value)) }
        }
        return value
    }

    private mutating func evalCommand(_ command: TemplateCommand, dot: Value, final: Final) throws -> Value {
        let head = command.args[0]
        switch head.kind {
        case .field(let names):
            if names.last == "Label", command.args.count == 2, !final.isPresent, headerTitle == nil {
                // Podman's list reports offer `{{.Label "key"}}` as a method.
                let owner = names.count == 1 ? dot : try evalFieldChain(dot, Array(names.dropLast()), hasArgs: false)
                if case .object? = owner, owner!.member("Label") == nil {
                    let key = try evalArg(command.args[1], dot: dot)
                    at(head.pos, head.text)
                    guard case .string(let k)? = key else {
                        throw fail("wrong type for value; expected string; got \(key?.goTypeName ?? "nil")")
                    }
                    guard case .object? = owner!.member("Labels") else { return .string("") }
                    return .string({ if case .string(let s)? = owner!.member("Labels")!.member(k) { s } else { "" } }())
                }
            }
            at(head.pos, head.text)
            return try evalFieldChain(dot, names, hasArgs: command.args.count > 1 || final.isPresent)
        case .variable(let name, let names):
            at(head.pos, head.text)
            let base = variable(name)
            if names.isEmpty {
                try notAFunction(command, final)
                return base
            }
            return try evalFieldChain(base, names, hasArgs: command.args.count > 1 || final.isPresent)
        case .chain(let inner, let names):
            let base = try evalArg(inner, dot: dot)
            at(head.pos, head.text)
            return try evalFieldChain(base, names, hasArgs: command.args.count > 1 || final.isPresent)
        case .function(let name):
            return try callFunction(name, command: command, dot: dot, final: final)
        case .pipe(let inner):
            try notAFunction(command, final)
            return try evalPipeline(inner, dot: dot)
        case .nilValue:
            at(head.pos, head.text)
            throw fail("nil is not a command")
        default:
            try notAFunction(command, final)
            return try evalArg(head, dot: dot)
        }
    }

    private mutating func notAFunction(_ command: TemplateCommand, _ final: Final) throws {
        if command.args.count > 1 || final.isPresent {
            let head = command.args[0]
            at(head.pos, head.text)
            throw fail("can't give argument to non-function \(head.text)")
        }
    }

    private func variable(_ name: String) -> Value {
        variables.last(where: { $0.name == name })?.value ?? nil
    }

    /// One operand as a value (function arguments, parenthesized pipelines).
    mutating func evalArg(_ arg: TemplateArg, dot: Value) throws -> Value {
        at(arg.pos, arg.text)
        switch arg.kind {
        case .dot: return dot
        case .nilValue: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .number(let i, let d, let isFloat):
            if !isFloat, let i { return .int(i) }
            return .double(d ?? 0)
        case .field(let names):
            return try evalFieldChain(dot, names, hasArgs: false)
        case .variable(let name, let names):
            let base = variable(name)
            return names.isEmpty ? base : try evalFieldChain(base, names, hasArgs: false)
        case .chain(let inner, let names):
            let base = try evalArg(inner, dot: dot)
            at(arg.pos, arg.text)
            return try evalFieldChain(base, names, hasArgs: false)
        case .pipe(let pipe):
            let value = try evalPipeline(pipe, dot: dot)
            return value
        case .function(let name):
            let command = TemplateCommand(pos: arg.pos, text: arg.text, args: [arg])
            return try callFunction(name, command: command, dot: dot, final: .none)
        }
    }

    private func evalFieldChain(_ receiver: Value, _ names: [String], hasArgs: Bool) throws -> Value {
        if let headerTitle, let last = names.last { return .string(headerTitle(last)) }
        var value = receiver
        for (i, name) in names.enumerated() {
            let isLast = i == names.count - 1
            switch value {
            case nil:
                return nil
            case .null?:
                throw fail("nil pointer evaluating interface {}.\(name)")
            case .object?:
                if isLast && hasArgs { throw fail("\(name) is not a method but has arguments") }
                let member = value!.member(name)
                if member == nil, i == 0, let structType, value == structValue {
                    throw fail("can't evaluate field \(name) in type \(structType)")
                }
                value = member
            case .some:
                // Values reached through a map are interface{} in Go.
                throw fail("can't evaluate field \(name) in type interface {}")
            }
        }
        return value
    }

    // MARK: functions

    private mutating func callFunction(_ name: String, command: TemplateCommand, dot: Value, final: Final) throws -> Value {
        let argNodes = Array(command.args.dropFirst())
        if name == "and" || name == "or" {
            let count = argNodes.count + (final.isPresent ? 1 : 0)
            if count == 0 {
                at(command.args[0].pos, command.args[0].text)
                throw fail("wrong number of args for \(name): want at least 1 got 0")
            }
            var value: Value = nil
            for node in argNodes {
                value = try evalArg(node, dot: dot)
                if truth(value) == (name == "or") { return value }
            }
            if case .value(let v) = final { value = v }
            return value
        }
        var args: [Value] = []
        for node in argNodes { args.append(try evalArg(node, dot: dot)) }
        if case .value(let v) = final { args.append(v) }
        at(command.pos, command.text)
        do {
            return try TemplateFunctions.call(name, args)
        } catch {
            // Header rows hold titles, not data: where a function cannot take
            // a title, show the title unchanged (Docker's header functions).
            let titles = args.compactMap { v -> String? in
                if case .string(let s)? = v { return s } else { return nil }
            }
            if headerTitle != nil, let title = final.isPresent ? titles.last : titles.first {
                return .string(title)
            }
            switch error {
            case .call(let message): throw fail("error calling \(name): \(message)")
            case .arguments(let index, let message):
                if let index, index < argNodes.count {
                    at(argNodes[index].pos, argNodes[index].text)
                } else {
                    at(command.args[0].pos, command.args[0].text)
                }
                throw fail(message)
            }
        }
    }
}
