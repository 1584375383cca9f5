import Foundation
import Testing
@testable import Generator

/// The worker pool behind the generator's parallel passes.
@Suite("Parallel passes")
struct ParallelTests {
    @Test("map keeps order and runs every item once, also from two threads at once and from inside another map")
    func sharedPool() async throws {
        let items = Array(0..<2_000)
        let expected = items.map { $0 * 3 }
        // Two callers at a time: one gets the workers, the other does its items itself.
        for _ in 0..<25 {
            try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 { group.addTask { Parallel.map(items) { $0 * 3 } } }
                for try await result in group { #expect(result == expected) }
            }
        }
        // A body that maps again while the pool is busy with the outer pass.
        let nested = Parallel.map(Array(0..<200)) { outer in Parallel.map(Array(0..<100)) { $0 + outer }.reduce(0, +) }
        #expect(nested == (0..<200).map { outer in (0..<100).reduce(0) { $0 + $1 + outer } })
    }
}
