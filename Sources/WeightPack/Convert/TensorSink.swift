/// A weights file being written, in any format: tensors arrive one at a time, each in
/// pieces, and the file appears at its path only when `finish` succeeds.
///
/// A sink that fails, or is cancelled, leaves nothing at its path and an existing file there
/// untouched.
public protocol TensorSink: AnyObject {
  /// Announces every tensor and the metadata before the first `beginTensor`, and returns the
  /// order in which the sink wants the tensors.
  ///
  /// Formats whose header lists every tensor before the data (safetensors, GGUF) write it
  /// here. The default accepts the tensors in the order given.
  ///
  /// - Parameters:
  ///   - tensors: Every tensor that will follow.
  ///   - metadata: The metadata `finish` will receive.
  ///   - typedMetadata: The typed metadata (from GGUF), for sinks that can store it.
  /// - Returns: Indices into `tensors`: each exactly once, in the order `beginTensor` must be
  ///   called.
  /// - Throws: `WeightPackError` when the sink cannot hold a tensor (its dtype, say).
  func plan(
    _ tensors: [TensorDescriptor],
    metadata: [String: String],
    typedMetadata: [TypedMetadataEntry]
  ) throws -> [Int]
  /// Begins a tensor.
  func beginTensor(_ descriptor: TensorDescriptor) throws
  /// Appends the open tensor's next bytes, little-endian, row-major.
  func append(_ bytes: [UInt8]) throws
  /// Ends the open tensor; its bytes must add up to its shape.
  func endTensor() throws
  /// Writes what remains (index, metadata, history) and moves the file into place.
  func finish(metadata: [String: String], history: [HistoryEntry]) throws
  /// Abandons the output.
  func cancel()
}

extension TensorSink {
  /// Accepts the tensors in the order given, writing nothing.
  public func plan(
    _ tensors: [TensorDescriptor],
    metadata: [String: String],
    typedMetadata: [TypedMetadataEntry]
  ) throws -> [Int] {
    Array(tensors.indices)
  }
}
