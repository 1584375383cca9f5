import ArgumentParser
import Foundation

/// Short options as pflag (Podman's parser) reads them: in `-dp8080:80`
/// each letter is a flag until one takes a value, which is the rest of the
/// word (a leading `=` dropped) or, at the word's end, the next word.
enum ShortOptionGroups {
    /// The command line with every short group before the verb's first
    /// positional spelled out (`-d -p 8080:80`); nil when nothing changes or
    /// a letter is not one of the verb's options (the parser's error
    /// stands).
    static func spelledOut(_ arguments: [String]) -> [String]? {
        guard let (command, _, start) = BerthCommand.verb(of: arguments, globalFlags: true),
              arguments[start...].contains(where: isGroup) else { return nil }
        let options = Options(command)
        var result = Array(arguments[..<start])
        var index = start
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--" || word == "-" || !word.hasPrefix("-") {
                result += [word] + arguments[index...]
                break
            }
            if word.hasPrefix("--") {
                result.append(word)
                if !word.contains("="), options.longTakingValue.contains(String(word.dropFirst(2))), index < arguments.count {
                    result.append(arguments[index])
                    index += 1
                }
                continue
            }
            var letters = Substring(word.dropFirst())
            while let letter = letters.popFirst() {
                guard let takesValue = options.short[letter] else { return nil }
                result.append("-" + String(letter))
                guard takesValue else { continue }
                if letters.first == "=" { letters = letters.dropFirst() }
                if !letters.isEmpty {
                    result.append(String(letters))
                } else if index < arguments.count {
                    result.append(arguments[index])
                    index += 1
                }
                break
            }
        }
        return result == arguments ? nil : result
    }

    /// `-xy...`: a group swift-argument-parser would split.
    private static func isGroup(_ word: String) -> Bool {
        word.count > 2 && word.hasPrefix("-") && !word.hasPrefix("--")
    }

    /// A verb's option names, from swift-argument-parser's own description
    /// of the command (`--experimental-dump-help`'s JSON).
    private struct Options {
        var short: [Character: Bool] = [:]
        var longTakingValue: Set<String> = []

        init(_ command: ParsableCommand.Type) {
            guard let info = try? JSONDecoder().decode(Dump.self, from: Data(command._dumpHelp().utf8)) else { return }
            for argument in info.command.arguments ?? [] where argument.kind != "positional" {
                let takesValue = argument.kind == "option"
                for name in argument.names ?? [] {
                    if name.kind == "short", let letter = name.name.first, name.name.count == 1 {
                        short[letter] = takesValue
                    } else if name.kind == "long", takesValue {
                        longTakingValue.insert(name.name)
                    }
                }
            }
        }

        private struct Dump: Decodable {
            var command: Command
            struct Command: Decodable { var arguments: [Argument]? }
            struct Argument: Decodable {
                var kind: String
                var names: [Name]?
            }
            struct Name: Decodable {
                var kind: String
                var name: String
            }
        }
    }
}
