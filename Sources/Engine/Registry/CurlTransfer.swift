#if canImport(Glibc)
import Glibc
#endif
import CCurl
import CShim
import Foundation

/// One libcurl easy handle, reused for a sequence of requests (so they
/// share its connection). Not shared between threads.
final class CurlTransfer {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init() throws {
        guard engine_curl_load() == 0 else { throw EngineError(.system, String(cString: engine_curl_load_error())) }
        guard let handle = engine_curl_easy_init() else { throw EngineError(.system, "cannot create a libcurl handle") }
        self.handle = handle
    }

    deinit {
        engine_curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Performs `request`. The body goes to `blob` when given (then the
    /// response's body stays empty unless the status is an error), else into
    /// memory. Throws only for transport failures (refused, TLS, DNS, reset);
    /// HTTP errors come back as the status.
    func perform(_ request: HTTPRequest, tls: TLSOptions, host: String, blob: BlobWriter? = nil) throws -> HTTPResponse {
        let sink = ResponseSink(blob: blob)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutableRawPointer?
        for header in request.headers + ["User-Agent: berth/\(BerthVersion.string)"] {
            headerList = engine_curl_slist_append(headerList, header)
        }
        if request.method == .put || request.method == .post {
            headerList = engine_curl_slist_append(headerList, "Expect:")
        }
        defer { engine_curl_slist_free_all(headerList) }
        errorBuffer[0] = 0

        set(CURLOPT_URL, request.url)
        set(CURLOPT_HTTPHEADER, pointer: headerList)
        set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_FOLLOWLOCATION, 1)
        set(CURLOPT_MAXREDIRS, 10)
        set(CURLOPT_CONNECTTIMEOUT, 30)
        // A connection that stalls (under 1 byte/s for 60 s) fails and is retried.
        set(CURLOPT_LOW_SPEED_LIMIT, 1)
        set(CURLOPT_LOW_SPEED_TIME, 60)
        set(CURLOPT_NOBODY, request.method == .head ? 1 : 0)
        set(CURLOPT_HTTPGET, request.method == .get ? 1 : 0)
        set(CURLOPT_CUSTOMREQUEST, request.method == .get || request.method == .head ? nil : request.method.rawValue)
        set(CURLOPT_UPLOAD, 0)
        var upload: UploadSource?
        if let bodyFile = request.bodyFile {
            upload = try UploadSource(path: bodyFile)
            set(CURLOPT_UPLOAD, 1)
            engine_curl_setopt_offset(handle, Int32(CURLOPT_INFILESIZE_LARGE.rawValue), upload!.size)
            engine_curl_setopt_callback(handle, Int32(CURLOPT_READFUNCTION.rawValue), curlReadCallback)
            set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(upload!).toOpaque())
        } else if let body = request.body {
            _ = body.withUnsafeBytes { bytes in
                engine_curl_setopt_offset(handle, Int32(CURLOPT_POSTFIELDSIZE_LARGE.rawValue), Int64(bytes.count))
            }
            setCopied(CURLOPT_COPYPOSTFIELDS, body)
        } else if request.method != .get && request.method != .head {
            engine_curl_setopt_offset(handle, Int32(CURLOPT_POSTFIELDSIZE_LARGE.rawValue), 0)
            setCopied(CURLOPT_COPYPOSTFIELDS, Data())
        }
        engine_curl_setopt_callback(handle, Int32(CURLOPT_WRITEFUNCTION.rawValue), curlWriteCallback)
        set(CURLOPT_WRITEDATA, pointer: context)
        engine_curl_setopt_callback(handle, Int32(CURLOPT_HEADERFUNCTION.rawValue), curlHeaderCallback)
        set(CURLOPT_HEADERDATA, pointer: context)
        try configureTLS(tls, host: host)

        let status = withExtendedLifetime(upload) { engine_curl_easy_perform(handle) }
        if let failure = sink.failure { throw failure }
        guard status == Int32(CURLE_OK.rawValue) else {
            if status == Int32(CURLE_WRITE_ERROR.rawValue), let blob, blob.overflowed {
                throw EngineError(.corrupt, "blob \(blob.expected.digest): size mismatch: the registry sent more than \(blob.expected.size) bytes")
            }
            let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: engine_curl_easy_strerror(status))
            throw TransportError(method: request.method.rawValue.capitalized, url: request.url, detail: detail)
        }
        var code = 0
        engine_curl_getinfo_long(handle, Int32(CURLINFO_RESPONSE_CODE.rawValue), &code)
        return HTTPResponse(status: code, headers: sink.headers, body: sink.body)
    }

    private func configureTLS(_ tls: TLSOptions, host: String) throws {
        let verify = tls.verify ?? true
        set(CURLOPT_SSL_VERIFYPEER, verify ? 1 : 0)
        set(CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0)
        guard let directory = tls.directory(for: host) else { return }
        let material = try TLSOptions.material(in: directory)
        if !material.caBundle.isEmpty {
            _ = material.caBundle.withUnsafeBytes { bytes in
                engine_curl_setopt_blob(handle, Int32(CURLOPT_CAINFO_BLOB.rawValue), bytes.baseAddress, bytes.count)
            }
        }
        if let cert = material.clientCert, let key = material.clientKey {
            set(CURLOPT_SSLCERT, cert)
            set(CURLOPT_SSLKEY, key)
        }
    }

    private func set(_ option: CURLoption, _ value: Int) {
        engine_curl_setopt_long(handle, Int32(option.rawValue), value)
    }

    /// curl copies string options, so a temporary C string is enough.
    private func set(_ option: CURLoption, _ value: String?) {
        if let value {
            engine_curl_setopt_pointer(handle, Int32(option.rawValue), value)
        } else {
            engine_curl_setopt_pointer(handle, Int32(option.rawValue), nil)
        }
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) {
        engine_curl_setopt_pointer(handle, Int32(option.rawValue), pointer)
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutablePointer<CChar>) {
        engine_curl_setopt_pointer(handle, Int32(option.rawValue), pointer)
    }

    private func setCopied(_ option: CURLoption, _ data: Data) {
        var bytes = [UInt8](data)
        bytes.append(0)
        engine_curl_setopt_pointer(handle, Int32(option.rawValue), bytes)
    }
}

/// A file curl reads an upload's body from.
private final class UploadSource {
    let fd: Int32
    let size: Int64

    init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw EngineError.system("open \(path)", errno) }
        var st = stat()
        fstat(fd, &st)
        size = Int64(st.st_size)
    }

    deinit { close(fd) }
}

private let curlReadCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { buffer, size, count, context in
    let source = Unmanaged<UploadSource>.fromOpaque(context!).takeUnretainedValue()
    while true {
        let n = read(source.fd, buffer, size * count)
        if n < 0 && errno == EINTR { continue }
        return n < 0 ? Int(CURL_READFUNC_ABORT) : n
    }
}

/// Collects one response for CurlTransfer's callbacks.
private final class ResponseSink {
    let blob: BlobWriter?
    var body = Data()
    var headers: [String: String] = [:]
    var status = 0
    var failure: EngineError?

    init(blob: BlobWriter?) { self.blob = blob }
}

private let curlWriteCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
    let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
    if let blob = sink.blob, sink.status / 100 == 2 {
        return blob.write(bytes) ? bytes.count : 0
    }
    // Error bodies are small JSON; anything bigger is not kept.
    if sink.body.count < 1 << 20 { sink.body.append(contentsOf: bytes) }
    return bytes.count
}

private let curlHeaderCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
    let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix("HTTP/") {
        // A new response (after a redirect or a 100): start over.
        sink.headers = [:]
        let parts = line.split(separator: " ")
        sink.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        sink.headers[name] = value
    }
    return size * count
}
