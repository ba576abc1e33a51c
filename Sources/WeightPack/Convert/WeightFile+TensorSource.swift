extension WeightFile: TensorSource {
  /// `wpk`.
  public var formatName: String { "wpk" }
  /// The manifest's metadata.
  public var metadata: [String: String] { manifest.metadata }
  /// The manifest's typed metadata.
  public var typedMetadata: [TypedMetadataEntry] { manifest.typedMetadata }
  /// The manifest's history.
  public var history: [HistoryEntry] { manifest.history }
  /// The tensors' names, dtypes and shapes.
  public var tensors: [TensorDescriptor] {
    manifest.tensors.map { TensorDescriptor(name: $0.name, dtype: $0.dtype, shape: $0.shape) }
  }

  /// Streams one tensor chunk by chunk.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    try forEachChunk(of: manifest.tensors[index], body)
  }

  /// The summary with stored sizes and codecs from the manifest.
  public func summary() -> FileSummary {
    FileSummary(
      format: formatName, version: version.description, metadata: metadata,
      typedMetadata: typedMetadata, history: history,
      tensors: manifest.tensors.map { entry in
        TensorSummary(
          name: entry.name, dtype: entry.dtype, shape: entry.shape, byteCount: entry.byteCount,
          storedByteCount: entry.storedByteCount, codec: entry.codecDescription,
          chunkCount: entry.chunks.count)
      })
  }
}

extension WeightWriter: TensorSink {
  /// Keeps the typed metadata for the manifest; the rest arrives with each tensor and at
  /// `finish`.
  public func plan(
    _ tensors: [TensorDescriptor],
    metadata: [String: String],
    typedMetadata: [TypedMetadataEntry]
  ) throws -> [Int] {
    self.typedMetadata = typedMetadata
    return Array(tensors.indices)
  }

  /// Begins a tensor.
  public func beginTensor(_ descriptor: TensorDescriptor) throws {
    try beginTensor(named: descriptor.name, dtype: descriptor.dtype, shape: descriptor.shape)
  }

  /// Stores the metadata and history, then finishes the file.
  public func finish(metadata: [String: String], history: [HistoryEntry]) throws {
    self.metadata = metadata
    self.history = history
    try finish()
  }
}
