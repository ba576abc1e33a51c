/// Writes one tensor as a NumPy `.npy` file, byte for byte as `np.save` would.
///
/// The header is numpy 2's: version 1.0 (2.0 only if the header outgrows 16 bits), keys
/// sorted, `fortran_order: False`, the spare spaces numpy leaves after the shape, and padding
/// so the data starts at a multiple of 64. Elements are streamed straight to a temporary file
/// beside the destination, which is synced and renamed into place by `finish`.
///
/// A `.npy` file holds exactly one tensor and nothing else: the tensor's name, the metadata
/// and the history are dropped without notice. BF16 has no numpy dtype and is refused. Not
/// `Sendable`: one owner writes.
public final class NPYSink: TensorSink {
  /// The destination path.
  public let path: String
  private let file: AtomicFile
  private var tensorCount = 0
  private var expectedByteCount: UInt64 = 0
  private var writtenByteCount: UInt64 = 0
  private var isOpen = false

  /// Creates the temporary file for `path`.
  ///
  /// - Parameters:
  ///   - path: Where the `.npy` file appears on `finish`.
  ///   - options: Only `overwrite` applies.
  /// - Throws: `WeightPackError` of kind `.outputExists` or `.systemCallFailed`.
  public init(path: String, options: WriteOptions = WriteOptions()) throws {
    self.path = path
    self.file = try AtomicFile(path: path, overwrite: options.overwrite)
  }

  /// Writes the header of the one tensor.
  ///
  /// - Throws: `WeightPackError` of kind `.tensorCountUnsupported` for a second tensor,
  ///   `.unsupportedDType` for BF16, or `.writerMisuse` while a tensor is open.
  public func beginTensor(_ descriptor: TensorDescriptor) throws {
    guard !isOpen else {
      throw misuse("beginTensor while tensor '\(descriptor.name)' is still open")
    }
    guard tensorCount == 0 else {
      throw WeightPackError(
        .tensorCountUnsupported(format: "npy", count: tensorCount + 1), path: path,
        tensor: descriptor.name)
    }
    let header = try withContext(path: path) {
      try NPYHeader.encoded(dtype: descriptor.dtype, shape: descriptor.shape)
    }
    try file.write(header)
    tensorCount = 1
    expectedByteCount = descriptor.byteCount
    writtenByteCount = 0
    isOpen = true
  }

  /// Appends the tensor's next bytes (little-endian, row-major) to the file.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` with no tensor open,
  ///   `.byteCountMismatch` past the tensor's size, or `.systemCallFailed`.
  public func append(_ bytes: [UInt8]) throws {
    guard isOpen else { throw misuse("append with no tensor begun") }
    let (total, overflow) = writtenByteCount.addingReportingOverflow(UInt64(bytes.count))
    guard !overflow, total <= expectedByteCount else {
      throw WeightPackError(
        .byteCountMismatch(expected: expectedByteCount, actual: total), path: path)
    }
    try file.write(bytes)
    writtenByteCount = total
  }

  /// Ends the tensor.
  ///
  /// - Throws: `WeightPackError` of kind `.byteCountMismatch` if fewer bytes arrived than the
  ///   shape needs, or `.writerMisuse` with no tensor open.
  public func endTensor() throws {
    guard isOpen else { throw misuse("endTensor with no tensor begun") }
    guard writtenByteCount == expectedByteCount else {
      throw WeightPackError(
        .byteCountMismatch(expected: expectedByteCount, actual: writtenByteCount), path: path)
    }
    isOpen = false
  }

  /// Syncs the file and renames it into place; `metadata` and `history` are dropped.
  ///
  /// - Throws: `WeightPackError` of kind `.tensorCountUnsupported` if no tensor was written,
  ///   `.writerMisuse` while a tensor is open, or `.systemCallFailed`.
  public func finish(metadata: [String: String], history: [HistoryEntry]) throws {
    guard !isOpen else { throw misuse("finish while a tensor is still open") }
    guard tensorCount == 1 else {
      throw WeightPackError(.tensorCountUnsupported(format: "npy", count: 0), path: path)
    }
    try file.commit()
  }

  /// Removes the temporary file; the destination stays as it was.
  public func cancel() {
    file.discard()
  }

  private func misuse(_ detail: String) -> WeightPackError {
    WeightPackError(.writerMisuse(detail), path: path)
  }
}
