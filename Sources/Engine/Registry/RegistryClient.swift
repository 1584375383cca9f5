#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// An OCI distribution API client for one registry: endpoint and scheme,
/// authentication (bearer tokens from the `WWW-Authenticate` challenge,
/// or basic), and retries of dropped connections. Safe to use from several
/// threads, each with its own `CurlTransfer`.
final class RegistryClient: Sendable {
    /// The registry as named in references (`docker.io`, `127.0.0.1:5000`).
    let registry: String
    let options: RegistryOptions
    private let credentials: RegistryCredentials?
    private let state = Mutex(State())

    private struct State {
        /// https until an insecure registry turned out to speak plain HTTP.
        var scheme = "https"
        /// `Authorization:` header per scope.
        var authorization: [String: String] = [:]
        var challenge: AuthChallenge?
    }

    init(registry: String, repository: String, options: RegistryOptions) throws {
        self.registry = registry
        self.options = options
        if let creds = options.credentials {
            credentials = creds
        } else {
            credentials = try AuthFile(explicit: options.authFile).credentials(for: repository)
        }
        if options.tls.verify == false, let note = plainHTTPNote, FileSystem.exists(note) {
            state.withLock { $0.scheme = "http" }
        }
    }

    /// The file saying this (insecure) registry answered plain HTTP before.
    private var plainHTTPNote: String? {
        options.plainHTTPNotes.map { $0 + "/" + registry.replacingOccurrences(of: "/", with: "_") }
    }

    /// `docker.io` is served from registry-1.docker.io.
    var endpointHost: String { registry == "docker.io" ? "registry-1.docker.io" : registry }

    func url(_ path: String) -> String {
        state.withLock { $0.scheme } + "://" + endpointHost + path
    }

    /// Sends `request` (its URL relative to the endpoint, `/v2/...`) with
    /// the authorization for `scope`; answers a 401 challenge once.
    /// Dropped connections are retried per `--retry`/`--retry-delay`.
    func send(_ build: (String) -> HTTPRequest, scope: String?, transfer: CurlTransfer, blob: BlobWriter? = nil) throws -> HTTPResponse {
        var response = try sendRetrying(build, scope: scope, transfer: transfer, blob: blob)
        if response.status == 401, try authenticate(challenge: response.header("www-authenticate"), scope: scope, transfer: transfer) {
            try blob?.reset()
            response = try sendRetrying(build, scope: scope, transfer: transfer, blob: blob)
        }
        return response
    }

    private func sendRetrying(_ build: (String) -> HTTPRequest, scope: String?, transfer: CurlTransfer, blob: BlobWriter?) throws -> HTTPResponse {
        var attempt = 0
        while true {
            do {
                return try sendOnce(build, scope: scope, transfer: transfer, blob: blob)
            } catch let error as TransportError {
                guard attempt < options.retries else { throw error }
                attempt += 1
                if options.retryDelay > 0 { usleep(useconds_t(options.retryDelay * 1_000_000)) }
                try blob?.reset()
            }
        }
    }

    private func sendOnce(_ build: (String) -> HTTPRequest, scope: String?, transfer: CurlTransfer, blob: BlobWriter?) throws -> HTTPResponse {
        let (scheme, authorization) = state.withLock { state in
            (state.scheme, scope.flatMap { state.authorization[$0] } ?? state.authorization[""])
        }
        var request = build(scheme + "://" + endpointHost)
        if let authorization { request.headers.append(authorization) }
        do {
            let response = try transfer.perform(request, tls: tls, host: registry, blob: blob)
            if scheme == "http", response.status == 400, plainHTTPNote.map(FileSystem.exists) == true {
                // Noted as plain HTTP, but it speaks TLS now: forget the note, try again.
                forgetPlainHTTP()
                try blob?.reset()
                return try sendOnce(build, scope: scope, transfer: transfer, blob: blob)
            }
            return response
        } catch let error as TransportError where scheme == "http" && plainHTTPNote.map(FileSystem.exists) == true {
            forgetPlainHTTP()
            try blob?.reset()
            do { return try sendOnce(build, scope: scope, transfer: transfer, blob: blob) } catch is TransportError { throw error }
        } catch let error as TransportError where scheme == "https" && tls.verify == false {
            // An insecure registry may speak plain HTTP (Podman tries https first too).
            state.withLock { $0.scheme = "http" }
            var plain = build("http://" + endpointHost)
            if let authorization { plain.headers.append(authorization) }
            try blob?.reset()
            let response: HTTPResponse
            do { response = try transfer.perform(plain, tls: tls, host: registry, blob: blob) } catch is TransportError { throw error }
            notePlainHTTP()
            return response
        }
    }

    /// Best effort: a note that cannot be written only costs the next call
    /// its https attempt.
    private func notePlainHTTP() {
        guard let note = plainHTTPNote, let directory = options.plainHTTPNotes else { return }
        do {
            try FileSystem.makeDirectories(directory)
            try FileSystem.writeFileAtomically(note, Data(), mode: 0o600)
        } catch {
            EngineLog.debug("cannot note \(registry) as plain HTTP in \(note): \(error)")
        }
    }

    private func forgetPlainHTTP() {
        state.withLock { $0.scheme = "https" }
        if let note = plainHTTPNote { unlink(note) }
    }

    private var tls: TLSOptions { options.tls }

    /// Gets a token (bearer) or uses the credentials (basic) for `scope`;
    /// false when there is nothing to answer the challenge with (the 401
    /// stands, and the caller reports it).
    private func authenticate(challenge header: String?, scope: String?, transfer: CurlTransfer) throws -> Bool {
        guard let header, let challenge = AuthChallenge(header: header) else { return false }
        switch challenge.scheme {
        case .basic:
            guard let credentials else { return false }
            state.withLock { $0.authorization[""] = credentials.basicAuthorization }
        case .bearer:
            let token = try fetchToken(challenge, scope: scope, transfer: transfer)
            state.withLock { $0.authorization[scope ?? ""] = "Authorization: Bearer " + token }
        }
        return true
    }

    private func fetchToken(_ challenge: AuthChallenge, scope: String?, transfer: CurlTransfer) throws -> String {
        guard let realm = challenge.parameters["realm"], var components = URLComponents(string: realm) else {
            throw RegistryError.unauthorized("the registry's token challenge names no realm")
        }
        var query = components.queryItems ?? []
        if let service = challenge.parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
        if let scope = scope ?? challenge.parameters["scope"] { query.append(URLQueryItem(name: "scope", value: scope)) }
        if let credentials { query.append(URLQueryItem(name: "account", value: credentials.username)) }
        components.queryItems = query
        guard let url = components.string else { throw RegistryError.unauthorized("invalid token realm \(realm)") }
        var headers: [String] = []
        if let credentials { headers.append(credentials.basicAuthorization) }
        let response: HTTPResponse
        do { response = try transfer.perform(HTTPRequest(.get, url, headers: headers), tls: tls, host: registry) } catch let error as TransportError {
            throw RegistryError.unreachable(registry, error)
        }
        if response.status == 401 || response.status == 403 {
            throw RegistryError.unauthorized("unable to retrieve auth token: invalid username/password: \(response.registryMessage)")
        }
        guard response.status == 200 else {
            throw RegistryError.unauthorized("unable to retrieve auth token: \(response.registryMessage)")
        }
        struct Token: Decodable { var token: String?; var access_token: String? }
        guard let decoded = try? JSONDecoder().decode(Token.self, from: response.body),
              let token = decoded.token ?? decoded.access_token, !token.isEmpty else {
            throw RegistryError.unauthorized("unable to retrieve auth token: the token server sent no token")
        }
        return token
    }

    /// `GET /v2/`: whether the registry answers and accepts our credentials
    /// (what `login` checks).
    func ping(transfer: CurlTransfer) throws {
        let response: HTTPResponse
        do { response = try send({ HTTPRequest(.get, $0 + "/v2/") }, scope: nil, transfer: transfer) } catch let error as TransportError {
            throw RegistryError.unreachable(registry, error)
        }
        if response.status == 401 { throw RegistryError.unauthorized("invalid username/password") }
        guard response.status == 200 else {
            throw RegistryError.unexpected("pinging container registry \(registry)", response)
        }
    }
}
