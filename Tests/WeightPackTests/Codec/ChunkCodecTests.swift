import Testing

@testable import WeightPack

@Suite struct ChunkCodecTests {
  static let filterSequences: [[Filter]] = [
    [], [.byteShuffle], [.rotateLeft1], [.rotateLeft1, .byteShuffle],
  ]

  private func roundTrip(_ bytes: [UInt8], codec: ChunkCodec) throws -> ChunkCodec.Encoded {
    let encoded = codec.encode(bytes, strategy: .huffmanOnly)
    var decoded = [UInt8](repeating: 0, count: bytes.count)
    try decoded.withUnsafeMutableBytes { output in
      try codec.decode(encoded.bytes, planeByteCounts: encoded.planeByteCounts, into: output)
    }
    #expect(decoded == bytes)
    #expect(encoded.crc32 == CRC32.checksum(bytes))
    return encoded
  }

  /// Bytes whose high byte of each element repeats, so some planes compress and others not.
  private func sampleBytes(width: Int, count: Int, seed: UInt64) -> [UInt8] {
    var random = SplitMix(seed: seed)
    return (0..<count * width).map { index in
      index % width == width - 1 ? 0x3F : UInt8(truncatingIfNeeded: random.next())
    }
  }

  @Test(arguments: [1, 2, 4, 8], filterSequences)
  func roundTripsEveryFilterAndWidth(width: Int, filters: [Filter]) throws {
    let codec = ChunkCodec(elementByteCount: width, codec: .zlib, filters: filters)
    let bytes = sampleBytes(width: width, count: 300, seed: UInt64(width))
    let encoded = try roundTrip(bytes, codec: codec)
    #expect(encoded.bytes.count <= bytes.count)
    if codec.usesPlanes {
      #expect(encoded.planeByteCounts?.count == width)
      #expect(encoded.planeByteCounts?.reduce(0, +) == UInt64(encoded.bytes.count))
    } else {
      #expect(encoded.planeByteCounts == nil)
    }
  }

  @Test(arguments: [2, 4, 8])
  func rotationMovesTheSignBit(width: Int) throws {
    let codec = ChunkCodec(elementByteCount: width, codec: .zlib, filters: [.rotateLeft1])
    var bytes = [UInt8](repeating: 0, count: width * 64)
    for element in 0..<64 where element % 2 == 0 { bytes[element * width + width - 1] = 0x80 }
    _ = try roundTrip(bytes, codec: codec)
  }

  @Test func rawCodecStoresBytesAsTheyAre() throws {
    let codec = ChunkCodec(elementByteCount: 4, codec: .raw, filters: [])
    let bytes = sampleBytes(width: 4, count: 16, seed: 1)
    let encoded = try roundTrip(bytes, codec: codec)
    #expect(encoded.bytes == bytes && encoded.planeByteCounts == nil)
  }

  @Test func incompressibleDataStaysRaw() throws {
    var random = SplitMix(seed: 99)
    let bytes = random.bytes(4096)
    let single = try roundTrip(
      bytes, codec: ChunkCodec(elementByteCount: 1, codec: .zlib, filters: []))
    #expect(single.bytes == bytes)
    let shuffled = try roundTrip(
      bytes, codec: ChunkCodec(elementByteCount: 4, codec: .zlib, filters: [.byteShuffle]))
    #expect(shuffled.planeByteCounts == [1024, 1024, 1024, 1024])
  }

  @Test func compressibleDataShrinks() throws {
    let bytes = [UInt8](repeating: 7, count: 4096)
    let encoded = try roundTrip(
      bytes, codec: ChunkCodec(elementByteCount: 1, codec: .zlib, filters: []))
    #expect(encoded.bytes.count < 1024)
  }

  /// A stream is kept only when it is at most `n - n / 50 - 1` bytes for `n` input bytes.
  @Test func keepsStreamsOnlyWhenTheySaveTwoPercent() throws {
    let count = 1000
    let limit = count - count / 50 - 1
    var random = SplitMix(seed: 5)
    let noise = random.bytes(count)
    var sawRaw = false
    var sawStream = false
    // Replace more and more of the noise with zeros: stream lengths fall through the limit.
    for zeros in stride(from: 0, through: 400, by: 4) {
      let bytes = [UInt8](repeating: 0, count: zeros) + noise[zeros...]
      let streamLength = bytes.withUnsafeBytes {
        ZlibCodec.deflate($0, strategy: .huffmanOnly, limit: 2 * count)?.count
      }
      let stored = try roundTrip(
        bytes, codec: ChunkCodec(elementByteCount: 1, codec: .zlib, filters: [])
      ).bytes
      if let streamLength, streamLength <= limit {
        #expect(stored.count == streamLength)
        sawStream = true
      } else {
        #expect(stored == bytes)
        sawRaw = true
      }
    }
    #expect(sawRaw && sawStream)
  }

  @Test func encodesEmptyChunks() throws {
    let codec = ChunkCodec(
      elementByteCount: 4, codec: .zlib, filters: [.rotateLeft1, .byteShuffle])
    let encoded = codec.encode([], strategy: .huffmanOnly)
    #expect(encoded.bytes.isEmpty && encoded.crc32 == 0)
  }

  @Test(arguments: [DeflateStrategy.huffmanOnly, .runLength, .level(1), .level(9)])
  func everyStrategyRoundTrips(_ strategy: DeflateStrategy) throws {
    let codec = ChunkCodec(
      elementByteCount: 4, codec: .zlib, filters: [.rotateLeft1, .byteShuffle])
    let bytes = float32Bytes((0..<512).map { Float($0 % 10) * 0.1 })
    let encoded = codec.encode(bytes, strategy: strategy)
    var decoded = [UInt8](repeating: 0, count: bytes.count)
    try decoded.withUnsafeMutableBytes {
      try codec.decode(encoded.bytes, planeByteCounts: encoded.planeByteCounts, into: $0)
    }
    #expect(decoded == bytes)
    #expect(encoded.bytes.count < bytes.count)
  }
}

/// The `block-split` filter on Q8_0 and Q4_0 chunks.
@Suite struct BlockSplitTests {
  @Test(arguments: [DType.q8Zero, DType.q4Zero])
  func roundTripsAndSplitsScalesFromCodes(_ dtype: DType) throws {
    var random = SplitMix(seed: 7)
    let unit = dtype.unitByteCount
    var chunk: [UInt8] = []
    for _ in 0..<40 { chunk += [0x1F, 0x2C] + random.bytes(unit - 2).map { $0 & 0x0F } }
    let codec = ChunkCodec(dtype: dtype, codec: .zlib, filters: [.blockSplit])
    #expect(codec.sectionByteCounts(forByteCount: chunk.count) == [40, 40, 40 * (unit - 2)])
    let encoded = codec.encode(chunk, strategy: .huffmanOnly)
    let planes = try #require(encoded.planeByteCounts)
    #expect(planes.count == 3)
    #expect(planes[0] < 40 && planes[1] < 40)
    let decoded = try uninitializedBytes(chunk.count) { output in
      try codec.decode(encoded.bytes, planeByteCounts: planes, into: output)
    }
    #expect(decoded == chunk)
  }

  @Test func sectionsAreScaleLowBytesThenHighBytesThenCodes() {
    let block = { (low: UInt8, high: UInt8, code: UInt8) in
      [low, high] + [UInt8](repeating: code, count: 32)
    }
    let chunk = block(1, 2, 9) + block(3, 4, 8)
    let filtered = chunk.withUnsafeBytes { input in
      uninitializedBytes(chunk.count) { output in
        BlockSplitKernels.forward(input, output, blockByteCount: 34, scaleByteCount: 2)
      }
    }
    #expect(Array(filtered.prefix(4)) == [1, 3, 2, 4])
    #expect(Array(filtered[4..<36]) == [UInt8](repeating: 9, count: 32))
    #expect(Array(filtered[36...]) == [UInt8](repeating: 8, count: 32))
  }
}
