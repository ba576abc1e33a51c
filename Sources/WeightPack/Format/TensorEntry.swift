/// One tensor's record in the manifest: name, dtype, shape, encoding and chunk list.
public struct TensorEntry: Sendable, Hashable {
  /// The tensor's name, unique in the file.
  public var name: String
  /// The element type.
  public var dtype: DType
  /// The dimensions, outermost first (row-major).
  public var shape: Shape
  /// How chunks are encoded.
  public var codec: Codec
  /// The filters applied before the codec, in order.
  public var filters: [Filter]
  /// The chunks in order; their decoded bytes, concatenated, are the tensor's bytes.
  public var chunks: [ChunkEntry]

  /// Creates a tensor entry.
  public init(
    name: String,
    dtype: DType,
    shape: Shape,
    codec: Codec,
    filters: [Filter],
    chunks: [ChunkEntry]
  ) {
    self.name = name
    self.dtype = dtype
    self.shape = shape
    self.codec = codec
    self.filters = filters
    self.chunks = chunks
  }

  /// The decoded size in bytes: what the shape and dtype produce, little-endian, row-major.
  ///
  /// Manifest validation guarantees this fits in 64 bits for entries read from a file.
  public var byteCount: UInt64 { dtype.byteCount(for: shape) ?? 0 }

  /// The size on disk in bytes: the sum of the chunks' stored lengths.
  public var storedByteCount: UInt64 { chunks.reduce(0) { $0 + $1.storedByteCount } }

  /// A short description of the encoding, such as `zlib+rotate-left-1+byte-shuffle`.
  public var codecDescription: String {
    ([codec.rawValue] + filters.map(\.rawValue)).joined(separator: "+")
  }

  /// Whether the stored bytes are the decoded bytes, laid out contiguously in the file, so
  /// the tensor can be mapped without a copy.
  public var isContiguousRaw: Bool {
    guard codec == .raw else { return false }
    for (previous, next) in zip(chunks, chunks.dropFirst()) where previous.end != next.offset {
      return false
    }
    return true
  }
}
