/// A `--format` template that does not parse or fails while printing.
/// `description` reads like Go's text/template errors, which Podman prints
/// as-is: `template: format:1:8: executing "format" at <.Foo>: ...`.
/// `line` is 1-based, `column` is the byte offset in the line (0-based, as
/// Go counts it).
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Stage: Sendable, Equatable { case parse, execute }
    public var stage: Stage
    public var line: Int
    public var column: Int
    public var message: String
    /// The template text that failed (execution errors only).
    public var context: String?

    public var description: String {
        switch stage {
        case .parse:
            return "template: format:\(line):\(column): \(message)"
        case .execute:
            return "template: format:\(line):\(column): executing \"format\" at <\(context ?? "")>: \(message)"
        }
    }

    static func at(_ offset: Int, in source: [UInt8], _ stage: Stage, _ message: String, context: String? = nil) -> TemplateError {
        let clamped = min(max(offset, 0), source.count)
        var line = 1
        var lineStart = 0
        for i in 0..<clamped where source[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return TemplateError(stage: stage, line: line, column: clamped - lineStart, message: message, context: context)
    }
}
