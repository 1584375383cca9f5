import Synchronization

/// Spreads independent pieces of work over the machine's cores with plain
/// pthreads (no Dispatch or Foundation to load on the boot path). Small
/// batches run on the calling thread: handing them over costs more than
/// they do.
enum Parallel {
    static let minimumBatch = 48

    /// Calls `body(i)` once for every `i` in `0..<count`, in no particular
    /// order; returns when all calls have returned.
    static func forEach(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let helpers = min(WorkerPool.shared.size, count / minimumBatch - 1)
        guard helpers > 0 else {
            for index in 0..<count { body(index) }
            return
        }
        WorkerPool.shared.run(Job(count: count, body: body), helpers: helpers)
    }

    /// Starts the worker threads ahead of the first `forEach`: a new
    /// thread can take milliseconds to be given a core of its own, which
    /// the serial start of a run hides.
    static func prepare() {
        _ = WorkerPool.shared
    }

    final class Job: Sendable {
        let count: Int
        let body: @Sendable (Int) -> Void
        let next = Atomic<Int>(0)

        init(count: Int, body: @escaping @Sendable (Int) -> Void) {
            self.count = count
            self.body = body
        }

        func work() {
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                body(index)
            }
        }
    }

    /// `transform` applied to every element, computed in parallel, in order.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let results = ResultSlots<R>(count: items.count)
        forEach(items.count) { index in results.store(transform(items[index]), at: index) }
        return results.collect()
    }

    /// One slot per index; each is written by exactly one worker.
    private final class ResultSlots<R>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<R?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ value: R, at index: Int) { slots[index] = value }

        func collect() -> [R] { slots.map { $0! } }
    }
}
