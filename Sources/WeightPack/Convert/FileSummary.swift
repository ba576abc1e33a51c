/// What `wpk inspect` shows of a file: read from its headers alone.
public struct FileSummary: Sendable {
  /// The format's registry name (`wpk`, `npy`, ...).
  public var format: String
  /// The format version, such as `1.0`, when the format has one.
  public var version: String?
  /// Free-form metadata.
  public var metadata: [String: String]
  /// Typed metadata, in the file's order.
  public var typedMetadata: [TypedMetadataEntry]
  /// The file's history.
  public var history: [HistoryEntry]
  /// The tensors in file order.
  public var tensors: [TensorSummary]

  /// Creates a summary.
  public init(
    format: String,
    version: String?,
    metadata: [String: String],
    typedMetadata: [TypedMetadataEntry] = [],
    history: [HistoryEntry],
    tensors: [TensorSummary]
  ) {
    self.format = format
    self.version = version
    self.metadata = metadata
    self.typedMetadata = typedMetadata
    self.history = history
    self.tensors = tensors
  }
}

/// One tensor in a `FileSummary`.
public struct TensorSummary: Sendable {
  /// The tensor's name.
  public var name: String
  /// The element type.
  public var dtype: DType
  /// The dimensions, outermost first.
  public var shape: Shape
  /// The decoded size in bytes.
  public var byteCount: UInt64
  /// The size on disk in bytes.
  public var storedByteCount: UInt64
  /// The encoding, such as `raw` or `zlib+rotate-left-1+byte-shuffle`.
  public var codec: String
  /// How many chunks hold the tensor.
  public var chunkCount: Int

  /// Creates a tensor summary.
  public init(
    name: String,
    dtype: DType,
    shape: Shape,
    byteCount: UInt64,
    storedByteCount: UInt64,
    codec: String,
    chunkCount: Int
  ) {
    self.name = name
    self.dtype = dtype
    self.shape = shape
    self.byteCount = byteCount
    self.storedByteCount = storedByteCount
    self.codec = codec
    self.chunkCount = chunkCount
  }
}
