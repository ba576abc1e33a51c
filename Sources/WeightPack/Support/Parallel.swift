import Dispatch
import Foundation
import Synchronization

/// One worker per active core.
let defaultWorkerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

/// Computes `body(0) ... body(count - 1)` on up to `workers` threads; results come back in
/// index order, so output built from them is deterministic.
///
/// - Throws: The error of the lowest index that failed.
func parallelMap<T: Sendable>(
  _ count: Int,
  workers: Int,
  _ body: @Sendable (Int) throws -> T
) throws -> [T] {
  guard count > 1, workers > 1 else { return try (0..<count).map(body) }
  let slots = Mutex<[Result<T, any Error>?]>(Array(repeating: nil, count: count))
  DispatchQueue.concurrentPerform(iterations: count) { index in
    let result = Result { try body(index) }
    slots.withLock { $0[index] = result }
  }
  let results = slots.withLock { $0 }
  return try results.map { slot in
    guard let slot else { preconditionFailure("parallelMap slot left empty") }
    return try slot.get()
  }
}
