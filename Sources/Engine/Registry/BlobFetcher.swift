#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// Downloads blobs of one repository into staging files, each verified
/// against its descriptor's size and digest; a failed download leaves no
/// file behind.
struct BlobFetcher: Sendable {
    let client: RegistryClient
    let reference: ImageReference
    let scope: String

    /// Layers downloaded at once.
    static let concurrentDownloads = 3

    func fetch(_ descriptor: Descriptor, to path: String, transfer: CurlTransfer, moved: (@Sendable (Int64) -> Void)? = nil) throws {
        let writer = try BlobWriter(path: path, expected: descriptor, moved: moved)
        let what = "reading blob \(descriptor.digest)"
        do {
            let url = "/v2/\(reference.path)/blobs/\(descriptor.digest)"
            let response: HTTPResponse
            do { response = try client.send({ HTTPRequest(.get, $0 + url) }, scope: scope, transfer: transfer, blob: writer) } catch let error as TransportError {
                throw EngineError(.system, "\(what): \(error)")
            }
            guard response.status == 200 else {
                if response.status == 401 { throw EngineError(.invalidArgument, "\(what): unauthorized: authentication required") }
                throw EngineError(response.status == 404 ? .notFound : .system, "\(what): fetching blob: \(response.registryMessage)")
            }
            try writer.verify(what: "copying \(reference.description)")
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Downloads `blobs` to `paths` on a few threads, each with its own
    /// connection. The first failure stops the rest and is thrown.
    func fetchConcurrently(_ blobs: [Descriptor], to paths: [String], events: TransferEvents) throws {
        guard !blobs.isEmpty else { return }
        let queue = WorkQueue(count: blobs.count)
        let group = DispatchGroup()
        for _ in 0..<min(BlobFetcher.concurrentDownloads, blobs.count) {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let transfer = try CurlTransfer()
                    while let index = queue.next() {
                        events.send(.blob, blobs[index], .moving(bytes: 0))
                        try fetch(blobs[index], to: paths[index], transfer: transfer, moved: events.mover(.blob, blobs[index]))
                        events.send(.blob, blobs[index], .done)
                    }
                } catch {
                    queue.fail(error)
                }
            }
            thread.start()
        }
        group.wait()
        if let failure = queue.failure { throw failure }
    }
}

/// Indexes handed out to download threads, and the first failure.
private final class WorkQueue: Sendable {
    private struct State {
        var next = 0
        var failure: (any Error)?
    }
    private let count: Int
    private let state = Mutex(State())

    init(count: Int) { self.count = count }

    func next() -> Int? {
        state.withLock { state in
            guard state.failure == nil, state.next < count else { return nil }
            state.next += 1
            return state.next - 1
        }
    }

    func fail(_ error: any Error) {
        state.withLock { state in if state.failure == nil { state.failure = error } }
    }

    var failure: (any Error)? { state.withLock { $0.failure } }
}
