import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// A lock file removed by its holder: a process that waited on it ends up
/// holding the file the path names, never an unlinked one.
@Suite("State: lock file removal")
struct FileLockRemovalTests {
    @Test("a waiter on a removed lock file takes the current one")
    func waiterRelocks() throws {
        let path = NSTemporaryDirectory() + "/berth-lock-" + FileSystem.randomHex(4)
        defer { unlink(path) }
        let holder = try FileLock(path: path)
        try holder.lock()
        nonisolated(unsafe) let waiter = try FileLock(path: path)
        let acquired = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? waiter.lock()
            acquired.signal()
        }
        usleep(100_000)
        try holder.removeFile()
        holder.unlock()
        #expect(acquired.wait(timeout: .now() + 10) == .success)
        // The waiter holds the file now at the path: a newcomer cannot lock it.
        #expect(FileManager.default.fileExists(atPath: path))
        let newcomer = try FileLock(path: path)
        #expect(try newcomer.tryLock() == false)
        waiter.unlock()
        #expect(try newcomer.tryLock() == true)
    }
}
