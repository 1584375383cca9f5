#if canImport(Glibc)
import Glibc
#endif

/// Threads started once and reused by every parallel pass of a run: one
/// fewer than the cores (the caller works too), at most seven. Between
/// jobs they sleep on a condition variable.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool(threads: min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8) - 1)

    /// How many threads started.
    private(set) var size = 0
    // Allocated, not stored inline: pthread objects must not move. Fields
    // below are guarded by `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Held by the caller whose job the workers have: the pool serves one
    /// job at a time.
    private let inUse = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var job: Parallel.Job?
    private var generation = 0
    private var wanted = 0
    private var busy = 0

    private init(threads: Int) {
        pthread_mutex_init(mutex, nil)
        pthread_mutex_init(inUse, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(finished, nil)
        for _ in 0..<max(0, threads) {
            var thread = pthread_t()
            let context = Unmanaged.passUnretained(self).toOpaque()
            guard pthread_create(&thread, nil, { context in
                Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue().serve()
                return nil
            }, context) == 0 else { break }
            pthread_detach(thread)
            size += 1
        }
    }

    /// Runs `job` on the calling thread and on up to `helpers` workers;
    /// returns when every part of it is done. While another job has the
    /// workers (another thread's, or this one's from inside a body), the
    /// caller does all of it.
    func run(_ job: Parallel.Job, helpers: Int) {
        guard pthread_mutex_trylock(inUse) == 0 else {
            job.work()
            return
        }
        defer { pthread_mutex_unlock(inUse) }
        pthread_mutex_lock(mutex)
        self.job = job
        generation += 1
        wanted = helpers
        busy = 0
        pthread_cond_broadcast(wake)
        pthread_mutex_unlock(mutex)

        job.work()

        pthread_mutex_lock(mutex)
        // Workers that have not taken the job by now are not needed.
        wanted = 0
        while busy > 0 { pthread_cond_wait(finished, mutex) }
        self.job = nil
        pthread_mutex_unlock(mutex)
    }

    private func serve() {
        var seen = 0
        pthread_mutex_lock(mutex)
        while true {
            while generation == seen || wanted == 0 {
                seen = generation
                pthread_cond_wait(wake, mutex)
            }
            seen = generation
            guard let job else { continue }
            wanted -= 1
            busy += 1
            pthread_mutex_unlock(mutex)
            job.work()
            pthread_mutex_lock(mutex)
            busy -= 1
            if busy == 0 { pthread_cond_signal(finished) }
        }
    }
}
