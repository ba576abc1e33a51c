@testable import WeightPack

// The rows about tensor entries and chunks: what `Manifest.validate` refuses when the file
// opens, and what only a chunk read or `verify()` can find.

extension MalformedCase {
  // MARK: - Tensor entries

  static let tensorCases: [MalformedCase] = [
    MalformedCase("duplicate tensor names") { sample in
      Malformed(
        try sample.editing("index", ["name"], .string("weight")),
        with: .exactly(.duplicateTensorName("weight")), at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("empty tensor name") { sample in
      Malformed(
        try sample.editing("weight", ["name"], .string("")),
        with: .exactly(.invalidTensorName("the name is empty")), at: sample.manifestOffset)
    },
    MalformedCase("tensor name with a control character") { sample in
      Malformed(
        try sample.editing("weight", ["name"], .string("w\n1")),
        with: .like(.invalidTensorName(""), containing: "contains a control character"),
        at: sample.manifestOffset)
    },
    MalformedCase("tensor name over 4096 bytes") { sample in
      Malformed(
        try sample.editing("weight", ["name"], .string(String(repeating: "é", count: 2049))),
        with: .exactly(.invalidTensorName("4098 bytes long, limit is 4096")),
        at: sample.manifestOffset)
    },
    MalformedCase("unknown dtype") { sample in
      Malformed(
        try sample.editing("weight", ["dtype"], .string("F8")),
        with: .exactly(.unknownDType("F8")), at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("unknown codec") { sample in
      Malformed(
        try sample.editing("weight", ["codec"], .string("lz4")),
        with: .exactly(.unknownCodec("lz4")), at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("unknown filter") { sample in
      Malformed(
        try sample.editing(
          "weight", ["filters"], .array([.string("rotate-left-1"), .string("bit-shuffle")])),
        with: .exactly(.unknownFilter("'bit-shuffle'")), at: sample.manifestOffset,
        tensor: "weight")
    },
    MalformedCase("filters in the wrong order") { sample in
      Malformed(
        try sample.editing(
          "weight", ["filters"], .array([.string("byte-shuffle"), .string("rotate-left-1")])),
        with: .exactly(
          .unknownFilter("the sequence [byte-shuffle, rotate-left-1] is not allowed")),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("raw codec with filters") { sample in
      Malformed(
        try sample.editing("bias", ["filters"], .array([.string("byte-shuffle")])),
        with: .exactly(.unknownFilter("the raw codec takes no filters")), at: sample.manifestOffset,
        tensor: "bias")
    },
    MalformedCase("filter on a one-byte dtype") { sample in
      Malformed(
        try sample.editing("zeros", ["filters"], .array([.string("byte-shuffle")])),
        with: .exactly(.unknownFilter("U8 elements cannot be filtered")), at: sample.manifestOffset,
        tensor: "zeros")
    },
    MalformedCase("negative dimension") { sample in
      Malformed(
        try sample.editing("weight", ["shape"], .array([.number(-8), .number(16)])),
        with: .exactly(
          .invalidDimension("-8 at manifest.tensors[0].shape[0] is not a non-negative integer")),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("non-integer dimension") { sample in
      Malformed(
        try sample.editing("weight", ["shape"], .array([.number("8.5"), .number(16)])),
        with: .like(.invalidDimension(""), containing: "8.5 at manifest.tensors[0].shape[0]"),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("dimension written as -0") { sample in
      Malformed(
        try sample.editing("weight", ["shape"], .array([.number("-0"), .number(16)])),
        with: .like(.invalidDimension(""), containing: "-0 at manifest.tensors[0].shape[0]"),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("dimension written as a string") { sample in
      Malformed(
        try sample.editing("weight", ["shape"], .array([.string("8"), .number(16)])),
        with: .exactly(
          .schemaViolation(
            field: "manifest.tensors[0].shape[0]", expected: "a non-negative integer")),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("shape overflows beside a zero dimension") { sample in
      Malformed(
        try sample.editing(
          "weight", ["shape"], .array([.number(0), .number(UInt64(1) << 63), .number(4)])),
        with: .exactly(.sizeOverflow), at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("byte count overflows") { sample in
      Malformed(
        try sample.editing(
          "weight", ["shape"], .array([.number(UInt64(1) << 62), .number(2)])),
        with: .exactly(.sizeOverflow), at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("rank over the limit") { sample in
      Malformed(
        try sample.editing(
          "weight", ["shape"], .array(Array(repeating: .number(1), count: 65))),
        with: .exactly(.rankTooLarge(rank: 65, limit: 64)), at: sample.manifestOffset,
        tensor: "weight")
    },
    MalformedCase("byte_count lie") { sample in
      Malformed(
        try sample.editing("weight", ["byte_count"], .number(513)),
        with: .exactly(
          .schemaViolation(
            field: "manifest.tensors[0].byte_count",
            expected: "512 (shape [8, 16] of F32), not 513")),
        at: sample.manifestOffset, tensor: "weight")
    },
  ]

  // MARK: - Chunk entries

  static let chunkCases: [MalformedCase] = [
    MalformedCase("chunk at the manifest") { sample in
      let chunk = sample.chunk("weight", 0)
      let end = sample.manifestOffset + chunk.storedByteCount
      return chunkError(
        try sample.editing("weight", ["chunks", 0, "offset"], .number(sample.manifestOffset)),
        .chunkOutOfBounds(offset: sample.manifestOffset, end: end, dataEnd: sample.manifestOffset),
        "weight", 0, at: sample.manifestOffset)
    },
    MalformedCase("chunk in the preamble") { sample in
      let chunk = sample.chunk("weight", 0)
      return chunkError(
        try sample.editing("weight", ["chunks", 0, "offset"], .number(0)),
        .chunkOutOfBounds(offset: 0, end: chunk.storedByteCount, dataEnd: sample.manifestOffset),
        "weight", 0, at: 0)
    },
    MalformedCase("chunk end overflows") { sample in
      let offset = UInt64.max - 63
      return chunkError(
        try sample.editing("index", ["chunks", 0, "offset"], .number(offset)),
        .chunkOutOfBounds(offset: offset, end: .max, dataEnd: sample.manifestOffset),
        "index", 0, at: offset)
    },
    MalformedCase("misaligned chunk") { sample in
      let offset = sample.chunk("weight", 1).offset + 1
      return chunkError(
        try sample.editing("weight", ["chunks", 1, "offset"], .number(offset)),
        .misalignedChunk(offset: offset, alignment: 64), "weight", 1, at: offset)
    },
    MalformedCase("overlapping chunks") { sample in
      let bias = sample.chunk("bias", 0)
      let offset = bias.offset + 64
      return chunkError(
        try sample.editing("index", ["chunks", 0, "offset"], .number(offset)),
        .overlappingChunks(offset: offset, previousEnd: bias.end), "index", 0, at: offset)
    },
    MalformedCase("chunks short of byte_count") { sample in
      Malformed(
        try sample.editing("weight", ["chunks", 1], nil),
        with: .exactly(.chunkSumMismatch(expected: 512, actual: 256)), at: sample.manifestOffset,
        tensor: "weight")
    },
    MalformedCase("tensor without chunks") { sample in
      Malformed(
        try sample.editing("zeros", ["chunks"], .array([])),
        with: .exactly(.chunkSumMismatch(expected: 512, actual: 0)), at: sample.manifestOffset,
        tensor: "zeros")
    },
    MalformedCase("zero-length chunk") { sample in
      var bytes = try sample.editing("bias", ["chunks", 1, "byte_count"], .number(0))
      bytes = try ContainerBytes(bytes: bytes).replacing(
        ["tensors", 2, "chunks", 1, "stored_byte_count"], with: .number(0))
      return chunkLength(
        bytes, "decoded length 0 is not a positive multiple of 1", "bias", 1,
        at: sample.chunk("bias", 1).offset)
    },
    MalformedCase("chunk splits an element") { sample in
      chunkLength(
        try sample.editing("weight", ["chunks", 1, "byte_count"], .number(255)),
        "decoded length 255 is not a positive multiple of 4", "weight", 1,
        at: sample.chunk("weight", 1).offset)
    },
    MalformedCase("stored length over the decoded length") { sample in
      chunkLength(
        try sample.editing("bias", ["chunks", 1, "stored_byte_count"], .number(65)),
        "stored length 65 must be 1 to 64", "bias", 1, at: sample.chunk("bias", 1).offset)
    },
    MalformedCase("stored length zero") { sample in
      chunkLength(
        try sample.editing("zeros", ["chunks", 0, "stored_byte_count"], .number(0)),
        "stored length 0 must be 1 to 256", "zeros", 0, at: sample.chunk("zeros", 0).offset)
    },
    MalformedCase("raw chunk shorter than its decoded length") { sample in
      chunkLength(
        try sample.editing("bias", ["chunks", 0, "stored_byte_count"], .number(255)),
        "a raw chunk stores 256 bytes, not 255", "bias", 0, at: sample.chunk("bias", 0).offset)
    },
    MalformedCase("planes not summing to the stored length") { sample in
      let chunk = sample.chunk("weight", 0)
      let planes = chunk.planeByteCounts ?? []
      let first = planes.first ?? 0
      return chunkLength(
        try sample.editing("weight", ["chunks", 0, "planes", 0], .number(first - 1)),
        "planes sum to \(chunk.storedByteCount - 1), stored length is \(chunk.storedByteCount)",
        "weight", 0, at: chunk.offset)
    },
    MalformedCase("plane longer than a decoded plane") { sample in
      chunkLength(
        try sample.editing("weight", ["chunks", 0, "planes", 1], .number(65)),
        "a plane stores 65 bytes, must be 1 to 64", "weight", 0,
        at: sample.chunk("weight", 0).offset)
    },
    MalformedCase("wrong number of planes") { sample in
      let chunk = sample.chunk("weight", 0)
      return chunkLength(
        try sample.editing(
          "weight", ["chunks", 0, "planes"], .array([.number(chunk.storedByteCount)])),
        "'planes' must list 4 plane lengths", "weight", 0, at: chunk.offset)
    },
    MalformedCase("planes missing") { sample in
      chunkLength(
        try sample.editing("index", ["chunks", 0, "planes"], nil),
        "'planes' must list 8 plane lengths", "index", 0, at: sample.chunk("index", 0).offset)
    },
    MalformedCase("planes on a chunk without planes") { sample in
      let chunk = sample.chunk("zeros", 0)
      return chunkLength(
        try sample.editing(
          "zeros", ["chunks", 0, "planes"], .array([.number(chunk.storedByteCount)])),
        "'planes' given for a chunk without planes", "zeros", 0, at: chunk.offset)
    },
    MalformedCase("chunk larger than the option allows") { sample in
      var options = ReadOptions()
      options.maximumChunkByteCount = 128
      var malformed = chunkError(
        sample.bytes, .chunkTooLarge(byteCount: 256, limit: 128), "weight", 0,
        at: sample.chunk("weight", 0).offset)
      malformed.options = options
      return malformed
    },
  ]

  /// A chunk entry that `validate` refuses when the file opens.
  private static func chunkError(
    _ bytes: [UInt8],
    _ kind: WeightPackError.Kind,
    _ tensor: String,
    _ chunk: Int,
    at offset: UInt64
  ) -> Malformed {
    Malformed(bytes, with: .exactly(kind), at: offset, tensor: tensor, chunk: chunk)
  }

  /// A chunk entry whose lengths break a rule of its codec.
  private static func chunkLength(
    _ bytes: [UInt8],
    _ detail: String,
    _ tensor: String,
    _ chunk: Int,
    at offset: UInt64
  ) -> Malformed {
    chunkError(bytes, .invalidChunkLength(detail), tensor, chunk, at: offset)
  }

  // MARK: - Chunk data

  static let readCases: [MalformedCase] = [
    MalformedCase("zlib bomb") { sample in
      // One chunk of 1 MiB of zeros, deflated to about 1 KiB, whose manifest now claims
      // 4096 bytes: the reader must stop at 4096 rather than inflate the whole stream.
      var bomb = sample.bomb
      for (path, value) in [
        (["tensors", 0, "shape"] as [JSONStep], JSONValue.array([.number(4096)])),
        (["tensors", 0, "byte_count"], .number(4096)),
        (["tensors", 0, "chunks", 0, "byte_count"], .number(4096)),
      ] {
        bomb = ContainerBytes(bytes: try bomb.replacing(path, with: value))
      }
      return Malformed(
        bomb.bytes, fails: .readChunk(tensor: "zeros", chunk: 0),
        with: .exactly(.decompressionFailed("stream decodes to more than the 4096 bytes recorded")),
        at: 64, tensor: "zeros", chunk: 0)
    },
    MalformedCase("truncated zlib stream") { sample in
      let chunk = sample.chunk("zeros", 0)
      return Malformed(
        try sample.editing(
          "zeros", ["chunks", 0, "stored_byte_count"], .number(chunk.storedByteCount / 2)),
        fails: .readChunk(tensor: "zeros", chunk: 0),
        with: .exactly(.decompressionFailed("stream ends early")), at: chunk.offset,
        tensor: "zeros", chunk: 0)
    },
    MalformedCase("bytes after a zlib stream") { sample in
      let chunk = sample.chunk("zeros", 1)
      return Malformed(
        try sample.editing(
          "zeros", ["chunks", 1, "stored_byte_count"], .number(chunk.storedByteCount + 3)),
        fails: .readChunk(tensor: "zeros", chunk: 1),
        with: .exactly(.decompressionFailed("3 bytes follow the end of the stream")),
        at: chunk.offset, tensor: "zeros", chunk: 1)
    },
    MalformedCase("damaged zlib header") { sample in
      let chunk = sample.chunk("zeros", 0)
      return Malformed(
        sample.flipping(chunk.offset, mask: 0x01), fails: .readChunk(tensor: "zeros", chunk: 0),
        with: .like(.decompressionFailed(""), containing: "header"), at: chunk.offset,
        tensor: "zeros", chunk: 0)
    },
    MalformedCase("checksum mismatch in a raw chunk") { sample in
      rawChecksumCase(sample, stage: .readChunk(tensor: "bias", chunk: 1), chunk: 1)
    },
    MalformedCase("checksum mismatch in a mapped raw tensor") { sample in
      rawChecksumCase(sample, stage: .data(tensor: "bias"), chunk: 0)
    },
    MalformedCase("chunk crc32 wrong in the manifest") { sample in
      let chunk = sample.chunk("weight", 1)
      return Malformed(
        try sample.editing("weight", ["chunks", 1, "crc32"], .number(UInt64(chunk.crc32 ^ 1))),
        fails: .readChunk(tensor: "weight", chunk: 1),
        with: .exactly(.checksumMismatch(expected: chunk.crc32 ^ 1, actual: chunk.crc32)),
        at: chunk.offset, tensor: "weight", chunk: 1)
    },
    MalformedCase("non-zero padding between chunks") { sample in
      let gap = sample.chunk("weight", 0).end
      return Malformed(
        sample.flipping(gap, mask: 0x10), fails: .verify,
        with: .exactly(.nonZeroPadding(offset: gap)), at: gap)
    },
    MalformedCase("non-zero padding before the manifest") { sample in
      let gap = sample.manifestOffset - 1
      return Malformed(
        sample.flipping(gap, mask: 0x80), fails: .verify,
        with: .exactly(.nonZeroPadding(offset: gap)), at: gap)
    },
  ]

  /// The sample with one byte of raw chunk `chunk` of `bias` changed.
  private static func rawChecksumCase(
    _ sample: SampleFile,
    stage: Stage,
    chunk index: Int
  ) -> Malformed {
    let chunk = sample.chunk("bias", index)
    let bytes = sample.flipping(chunk.offset + 10, mask: 0x04)
    let stored = Array(bytes[Int(chunk.offset)..<Int(chunk.end)])
    return Malformed(
      bytes, fails: stage,
      with: .exactly(.checksumMismatch(expected: chunk.crc32, actual: CRC32.checksum(stored))),
      at: chunk.offset, tensor: "bias", chunk: index)
  }
}
