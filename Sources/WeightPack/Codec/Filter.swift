/// A lossless reshuffle of a chunk's bytes, applied before deflate and undone after inflate.
///
/// Filters do not change values; they rearrange bits so that deflate finds more redundancy.
/// A tensor lists its filters in the order the writer applied them.
public enum Filter: String, Sendable, Hashable, CaseIterable {
  /// Rotates each element's bits left by one, so an IEEE float's sign bit moves to the lowest
  /// bit and its top byte holds exponent bits only.
  case rotateLeft1 = "rotate-left-1"

  /// Splits the chunk into byte planes: byte 0 of every element, then byte 1, and so on.
  ///
  /// With the zlib codec each plane becomes its own zlib stream (or is stored raw), and the
  /// chunk's `planes` list records each plane's stored length.
  case byteShuffle = "byte-shuffle"

  /// Splits a chunk of scaled blocks (Q8_0, Q4_0) into three sections: the low bytes of
  /// every block's binary16 scale, their high bytes, then every block's codes in order.
  ///
  /// Scales and codes differ in kind (the scales' high bytes repeat a few exponents, the
  /// codes are near-uniform small integers), so with the zlib codec each section is its own
  /// stream, and the chunk's `planes` list records the three stored lengths.
  case blockSplit = "block-split"

  /// The first format version that has this filter.
  public var introducedIn: FormatVersion {
    self == .blockSplit ? .withBlockTypes : .original
  }
}

/// How a tensor's chunks are encoded on disk.
public enum Codec: String, Sendable, Hashable {
  /// Chunks are the decoded bytes themselves.
  case raw
  /// Chunks (or their byte planes) are zlib streams (RFC 1950), or raw where deflate did not
  /// shrink them by at least 2 %.
  case zlib
}

/// How the writer runs deflate.
///
/// Any setting produces standard zlib streams.
public enum DeflateStrategy: Sendable, Hashable {
  /// The default: `.huffmanOnly` for floating-point tensors and `.runLength` for integers
  /// and `BOOL`, whose byte planes hold long runs (of zero high bytes, say).
  case automatic
  /// Entropy coding only (`Z_HUFFMAN_ONLY`): fastest, and best on float weights.
  case huffmanOnly
  /// Run-length matches only (`Z_RLE`).
  case runLength
  /// Normal LZ77 + Huffman deflate at a level from 1 (fastest) to 9 (smallest).
  case level(Int)
}

extension DeflateStrategy {
  /// The concrete strategy for chunks of `dtype`: `.automatic` resolved, others as they are.
  func resolved(for dtype: DType) -> DeflateStrategy {
    guard self == .automatic else { return self }
    return dtype.isFloatingPoint || dtype.isBlock ? .huffmanOnly : .runLength
  }
}
