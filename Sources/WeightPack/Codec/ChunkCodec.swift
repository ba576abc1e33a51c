/// Encodes and decodes one chunk: filters, then zlib per stream, with raw fallback.
///
/// A chunk of a tensor whose filters include `byte-shuffle` is split into one byte plane per
/// byte of the element, and one with `block-split` into three sections (scale low bytes,
/// scale high bytes, codes); each plane or section is deflated on its own and kept raw when
/// deflate does not shrink it by at least 2 %. Otherwise the chunk is one stream. Raw
/// storage is recognised by its length: a stream whose stored length equals its decoded
/// length is raw.
struct ChunkCodec: Sendable {
  /// The bytes of one element (or block), which is the number of planes `byte-shuffle`
  /// makes.
  let elementByteCount: Int
  /// The codec of the tensor.
  let codec: Codec
  /// The filters of the tensor, in the order the writer applies them.
  let filters: [Filter]
  /// The bytes at the start of each block that hold its scale; 0 for plain dtypes.
  let scaleByteCount: Int

  /// Creates a codec for units (elements or blocks) of `elementByteCount` bytes, whose
  /// first `scaleByteCount` bytes are a block's scale (0 for plain dtypes).
  init(elementByteCount: Int, codec: Codec, filters: [Filter], scaleByteCount: Int = 0) {
    self.elementByteCount = elementByteCount
    self.codec = codec
    self.filters = filters
    self.scaleByteCount = scaleByteCount
  }

  /// Creates the codec for chunks of `dtype`.
  init(dtype: DType, codec: Codec, filters: [Filter]) {
    self.init(
      elementByteCount: dtype.unitByteCount, codec: codec, filters: filters,
      scaleByteCount: dtype.traits.scaleByteCount)
  }

  /// A chunk as it goes to disk.
  struct Encoded: Sendable {
    /// The stored bytes: the planes (or the single stream) one after another.
    var bytes: [UInt8]
    /// The stored length of each plane, when the chunk is split into planes.
    var planeByteCounts: [UInt64]?
    /// The CRC-32 of the decoded bytes.
    var crc32: UInt32
  }

  /// Whether chunks are split into planes or sections, each its own stream.
  var usesPlanes: Bool {
    guard codec == .zlib else { return false }
    if splitsBlocks { return true }
    return filters.contains(.byteShuffle) && elementByteCount > 1
  }

  /// Whether the `block-split` filter applies.
  private var splitsBlocks: Bool { filters.contains(.blockSplit) && scaleByteCount > 0 }

  /// The decoded length of each plane or section of a chunk of `byteCount` bytes, in
  /// stored order, or `nil` when the chunk is one stream.
  ///
  /// `byteCount` must be a multiple of `elementByteCount`.
  func sectionByteCounts(forByteCount byteCount: Int) -> [Int]? {
    guard usesPlanes else { return nil }
    let units = byteCount / elementByteCount
    if splitsBlocks {
      return [Int](repeating: units, count: scaleByteCount)
        + [units * (elementByteCount - scaleByteCount)]
    }
    return [Int](repeating: units, count: elementByteCount)
  }

  /// Encodes `chunk`, whose length is a multiple of `elementByteCount`.
  func encode(_ chunk: [UInt8], strategy: DeflateStrategy) -> Encoded {
    let crc = chunk.withUnsafeBytes { ZlibCodec.crc32(0, $0) }
    guard codec == .zlib, !chunk.isEmpty else {
      return Encoded(bytes: chunk, planeByteCounts: nil, crc32: crc)
    }
    let filtered = applyFilters(chunk)
    guard let sections = sectionByteCounts(forByteCount: chunk.count) else {
      let stream = compressOrKeep(filtered, 0..<filtered.count, strategy: strategy)
      return Encoded(bytes: stream, planeByteCounts: nil, crc32: crc)
    }
    var stored: [UInt8] = []
    var counts: [UInt64] = []
    var start = 0
    for length in sections {
      let piece = compressOrKeep(filtered, start..<start + length, strategy: strategy)
      counts.append(UInt64(piece.count))
      stored += piece
      start += length
    }
    return Encoded(bytes: stored, planeByteCounts: counts, crc32: crc)
  }

  /// Decodes a chunk's stored bytes into `output`, which has the chunk's decoded length.
  ///
  /// - Parameters:
  ///   - stored: The chunk's stored bytes, exactly `stored_byte_count` of them.
  ///   - planeByteCounts: The chunk's `planes` list (already checked to sum to the stored
  ///     length and to have one entry per plane), or `nil`.
  ///   - output: Receives exactly the decoded bytes.
  /// - Throws: `WeightPackError` of kind `.decompressionFailed` for a damaged stream.
  func decode(
    _ stored: [UInt8],
    planeByteCounts: [UInt64]?,
    into output: UnsafeMutableRawBufferPointer
  ) throws {
    guard codec == .zlib else {
      stored.withUnsafeBytes { output.copyMemory(from: $0) }
      return
    }
    let hasFilters = !filters.isEmpty && elementByteCount > 1
    guard hasFilters else {
      try stored.withUnsafeBytes { try inflateOrCopy($0, into: output) }
      return
    }
    let filtered = try uninitializedBytes(output.count) { planes in
      try stored.withUnsafeBytes { input in
        guard let counts = planeByteCounts,
          let sections = sectionByteCounts(forByteCount: output.count)
        else {
          try inflateOrCopy(input, into: planes)
          return
        }
        var readOffset = 0
        var start = 0
        for (count, sectionByteCount) in zip(counts, sections) {
          // Safe because the manifest check made the plane lengths sum to stored.count, and
          // the sections sum to output.count.
          let length = Int(count)
          let source = UnsafeRawBufferPointer(rebasing: input[readOffset..<readOffset + length])
          let target = UnsafeMutableRawBufferPointer(
            rebasing: planes[start..<start + sectionByteCount])
          try inflateOrCopy(source, into: target)
          readOffset += length
          start += sectionByteCount
        }
      }
    }
    filtered.withUnsafeBytes { removeFilters($0, into: output) }
  }

  // MARK: - Streams

  private func compressOrKeep(
    _ bytes: [UInt8],
    _ range: Range<Int>,
    strategy: DeflateStrategy
  ) -> [UInt8] {
    // A stream must save at least 2 % to be worth an inflate on every read; the limit is
    // always below the plane's length, so a stored length equal to it always means raw.
    let limit = range.count * 49 / 50
    let stream = bytes.withUnsafeBytes { buffer in
      ZlibCodec.deflate(
        UnsafeRawBufferPointer(rebasing: buffer[range]), strategy: strategy, limit: limit)
    }
    return stream ?? Array(bytes[range])
  }

  private func inflateOrCopy(
    _ source: UnsafeRawBufferPointer,
    into target: UnsafeMutableRawBufferPointer
  ) throws {
    if source.count == target.count {
      target.copyMemory(from: source)
    } else {
      try ZlibCodec.inflate(source, into: target)
    }
  }

  // MARK: - Filters

  private var rotates: Bool { filters.contains(.rotateLeft1) }

  private func applyFilters(_ chunk: [UInt8]) -> [UInt8] {
    guard !filters.isEmpty, elementByteCount > 1 else { return chunk }
    if splitsBlocks {
      return chunk.withUnsafeBytes { input in
        uninitializedBytes(chunk.count) { out in
          BlockSplitKernels.forward(
            input, out, blockByteCount: elementByteCount, scaleByteCount: scaleByteCount)
        }
      }
    }
    // The kernels write every byte: chunk.count is a multiple of the element's width.
    return chunk.withUnsafeBytes { input in
      uninitializedBytes(chunk.count) { out in
        let shuffle = filters.contains(.byteShuffle)
        switch elementByteCount {
        case 2: FilterKernels.forward(input, out, UInt16.self, rotate: rotates, shuffle: shuffle)
        case 4: FilterKernels.forward(input, out, UInt32.self, rotate: rotates, shuffle: shuffle)
        default: FilterKernels.forward(input, out, UInt64.self, rotate: rotates, shuffle: shuffle)
        }
      }
    }
  }

  private func removeFilters(
    _ filtered: UnsafeRawBufferPointer,
    into output: UnsafeMutableRawBufferPointer
  ) {
    guard !filters.isEmpty, elementByteCount > 1 else {
      output.copyMemory(from: filtered)
      return
    }
    if splitsBlocks {
      BlockSplitKernels.backward(
        filtered, output, blockByteCount: elementByteCount, scaleByteCount: scaleByteCount)
      return
    }
    let shuffle = filters.contains(.byteShuffle)
    switch elementByteCount {
    case 2: FilterKernels.backward(filtered, output, UInt16.self, rotate: rotates, shuffle: shuffle)
    case 4: FilterKernels.backward(filtered, output, UInt32.self, rotate: rotates, shuffle: shuffle)
    default:
      FilterKernels.backward(filtered, output, UInt64.self, rotate: rotates, shuffle: shuffle)
    }
  }
}
