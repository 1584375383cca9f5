import Foundation

/// What a registry answered: status, headers (names lower-cased), and the
/// body when it was kept in memory.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The error text a registry puts in its JSON body
    /// (`{"errors":[{"code":..,"message":..}]}`), or the status line.
    var registryMessage: String {
        struct Errors: Decodable {
            struct Entry: Decodable { var code: String?; var message: String? }
            var errors: [Entry]?
        }
        if let decoded = try? JSONDecoder().decode(Errors.self, from: body), let first = decoded.errors?.first {
            let code = first.code.map { $0.lowercased().replacingOccurrences(of: "_", with: " ") }
            return [code, first.message].compactMap { $0 }.joined(separator: ": ")
        }
        return "status \(status)"
    }

    var registryErrorCode: String? {
        struct Errors: Decodable {
            struct Entry: Decodable { var code: String? }
            var errors: [Entry]?
        }
        return (try? JSONDecoder().decode(Errors.self, from: body))?.errors?.first?.code
    }
}
