import Foundation

/// One HTTP request to a registry.
struct HTTPRequest: Sendable {
    enum Method: String, Sendable { case get = "GET", head = "HEAD", put = "PUT", post = "POST" }

    var method: Method = .get
    var url: String
    var headers: [String] = []
    var body: Data?
    /// A file sent as the body, streamed (blob uploads).
    var bodyFile: String?

    init(_ method: Method = .get, _ url: String, headers: [String] = [], body: Data? = nil, bodyFile: String? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bodyFile = bodyFile
    }
}
