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
  // `workers` lanes, lane k taking indices k, k + lanes, ...: at most `workers` bodies run
  // at once, so at most that many results (decoded chunks, say) are being built.
  let lanes = min(workers, count)
  DispatchQueue.concurrentPerform(iterations: lanes) { lane in
    for index in stride(from: lane, to: count, by: lanes) {
      let result = Result { try body(index) }
      slots.withLock { $0[index] = result }
    }
  }
  let results = slots.withLock { $0 }
  return try results.map { slot in
    guard let slot else { preconditionFailure("parallelMap slot left empty") }
    return try slot.get()
  }
}

/// Computes `body(0) ... body(count - 1)` on other threads, in the background, while the
/// caller goes on; `wait()` returns the results in index order.
///
/// The writer uses it to compress one batch of chunks while it writes the previous one.
final class BackgroundResults<T: Sendable>: Sendable {
  private final class Slots: Sendable {
    let values: Mutex<[T?]>
    init(count: Int) { values = Mutex(Array(repeating: nil, count: count)) }
  }

  private let group = DispatchGroup()
  private let slots: Slots

  /// Starts the work.
  init(count: Int, _ body: @escaping @Sendable (Int) -> T) {
    let slots = Slots(count: count)
    self.slots = slots
    DispatchQueue.global().async(group: group) {
      DispatchQueue.concurrentPerform(iterations: count) { index in
        let result = body(index)
        slots.values.withLock { $0[index] = result }
      }
    }
  }

  /// Waits until every result is ready and returns them in index order.
  func wait() -> [T] {
    group.wait()
    return slots.values.withLock { slots in
      slots.map { slot in
        guard let slot else { preconditionFailure("BackgroundResults slot left empty") }
        return slot
      }
    }
  }
}
