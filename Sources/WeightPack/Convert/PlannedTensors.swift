/// The bookkeeping of a sink whose header lists every tensor before the data (safetensors,
/// GGUF): the tensors `plan` announced, which one comes next, and how many bytes the open
/// one has received, so that each arrives in the planned order with exactly its size.
struct PlannedTensors {
  /// The output's path, for errors.
  let path: String
  /// The tensors in the order they must arrive; `nil` until `plan`.
  private(set) var tensors: [TensorDescriptor]?
  /// The position of the next (or open) tensor in `tensors`.
  private(set) var next = 0
  /// The bytes the open tensor has received; `nil` when none is open.
  private var written: UInt64?

  /// Bookkeeping for the output at `path`.
  init(path: String) { self.path = path }

  /// Records the order; `plan` may happen once.
  mutating func plan(_ tensors: [TensorDescriptor]) throws {
    guard self.tensors == nil else { throw misuse("plan called twice") }
    self.tensors = tensors
  }

  /// Checks that `descriptor` is the next planned tensor and opens it.
  mutating func begin(_ descriptor: TensorDescriptor) throws {
    guard let tensors else { throw misuse("beginTensor before plan") }
    guard written == nil else { throw misuse("beginTensor while a tensor is open") }
    guard next < tensors.count, tensors[next] == descriptor else {
      throw misuse("tensor '\(descriptor.name)' is not the next one planned")
    }
    written = 0
  }

  /// Counts `byteCount` more bytes of the open tensor, refusing more than its size.
  mutating func receive(_ byteCount: Int) throws {
    guard let tensor = openTensor, let done = written else {
      throw misuse("append with no tensor begun")
    }
    let (total, overflow) = done.addingReportingOverflow(UInt64(byteCount))
    guard !overflow, total <= tensor.byteCount else {
      throw WeightPackError(
        .byteCountMismatch(expected: tensor.byteCount, actual: total), path: path,
        tensor: tensor.name)
    }
    written = total
  }

  /// Closes the open tensor, which must have received exactly its size, and returns it.
  mutating func end() throws -> TensorDescriptor {
    guard let tensor = openTensor, let done = written else {
      throw misuse("endTensor with no tensor begun")
    }
    guard done == tensor.byteCount else {
      throw WeightPackError(
        .byteCountMismatch(expected: tensor.byteCount, actual: done), path: path,
        tensor: tensor.name)
    }
    written = nil
    next += 1
    return tensor
  }

  /// Checks that every planned tensor arrived whole.
  func checkComplete() throws {
    guard let tensors, written == nil, next == tensors.count else {
      throw misuse("finish before every planned tensor was written")
    }
  }

  private var openTensor: TensorDescriptor? {
    guard let tensors, written != nil, next < tensors.count else { return nil }
    return tensors[next]
  }

  private func misuse(_ detail: String) -> WeightPackError {
    WeightPackError(.writerMisuse(detail), path: path)
  }
}
