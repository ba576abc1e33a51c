/// A weights file being written, in any format: tensors arrive one at a time, each in
/// pieces, and the file appears at its path only when `finish` succeeds.
///
/// A sink that fails, or is cancelled, leaves nothing at its path and an existing file there
/// untouched.
public protocol TensorSink: AnyObject {
  /// Announces, before the first tensor, every tensor that will follow (in order) and the
  /// metadata, for formats whose header comes first (GGUF). Sinks that do not need it, or
  /// cannot store typed metadata, ignore it; the default does nothing.
  func prepare(
    tensors: [TensorDescriptor],
    metadata: [String: String],
    typedMetadata: [TypedMetadataEntry]
  ) throws
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
  /// Does nothing: the sink learns each tensor as it begins and the metadata at the end.
  public func prepare(
    tensors: [TensorDescriptor],
    metadata: [String: String],
    typedMetadata: [TypedMetadataEntry]
  ) throws {}
}
