@testable import WeightPack

extension GGUFMalformedCase {
  /// Every row of the table.
  static let all = prefixRows + metadataRows + tensorRows

  /// Magic, version, counts and truncation.
  static let prefixRows: [GGUFMalformedCase] = {
    let valid = GGUFBytes().bytes
    var badMagic = GGUFBytes()
    badMagic.magic = Array("GGUX".utf8)
    var version1 = GGUFBytes()
    version1.version = 1
    var version4 = GGUFBytes()
    version4.version = 4
    var swapped = GGUFBytes()
    swapped.version = 0x0300_0000
    var tooManyTensors = GGUFBytes()
    tooManyTensors.tensorCount = 1 << 40
    var tooManyPairs = GGUFBytes()
    tooManyPairs.metadataCount = UInt64.max
    return [
      GGUFMalformedCase(
        name: "bad magic", bytes: badMagic.bytes,
        expectedKind: defect(.badMagic(found: Array("GGUX".utf8))), expectedOffset: 0),
      GGUFMalformedCase(
        name: "version 1", bytes: version1.bytes,
        expectedKind: .unsupportedVersion(found: "1", newest: "3"), expectedOffset: 4),
      GGUFMalformedCase(
        name: "version 4", bytes: version4.bytes,
        expectedKind: .unsupportedVersion(found: "4", newest: "3"), expectedOffset: 4),
      GGUFMalformedCase(
        name: "byte-swapped version (big-endian file)", bytes: swapped.bytes,
        expectedKind: defect(.byteSwappedVersion(0x0300_0000)), expectedOffset: 4),
      GGUFMalformedCase(
        name: "truncated in the magic", bytes: Array(valid.prefix(2)),
        expectedKind: .truncated(needed: 4, available: 2), expectedOffset: 0),
      GGUFMalformedCase(
        name: "truncated in the tensor count", bytes: Array(valid.prefix(12)),
        expectedKind: .truncated(needed: 8, available: 4), expectedOffset: 8),
      GGUFMalformedCase(
        name: "truncated in a metadata key", bytes: Array(valid.prefix(40)),
        expectedKind: .truncated(needed: 20, available: 8), expectedOffset: 32),
      GGUFMalformedCase(
        name: "truncated in a tensor info", bytes: Array(valid.prefix(85)),
        expectedKind: .truncated(needed: 8, available: 4), expectedOffset: 81),
      GGUFMalformedCase(
        name: "truncated in the tensor data", bytes: Array(valid.prefix(300)),
        expectedKind: defect(.tensorOutOfBounds(start: 128, end: 384, fileSize: 300)),
        expectedOffset: 101),
      GGUFMalformedCase(
        name: "tensor count beyond the bytes left", bytes: tooManyTensors.bytes,
        expectedKind: defect(
          .countTooLarge(subject: "tensor count", count: 1 << 40, limit: (384 - 16) / 24)),
        expectedOffset: 8),
      GGUFMalformedCase(
        name: "metadata count beyond the bytes left", bytes: tooManyPairs.bytes,
        expectedKind: defect(
          .countTooLarge(subject: "metadata count", count: .max, limit: (384 - 24) / 13)),
        expectedOffset: 16),
    ]
  }()

  /// Metadata keys, types and values.
  static let metadataRows: [GGUFMalformedCase] = {
    let key = GGUFBytes.string("k")  // 9 bytes: the pair's type is at 77, its value at 81
    let hugeString = key + littleEndianBytes([UInt32(8)]) + littleEndianBytes([UInt64(1) << 40])
    var nested = GGUFBytes.array(of: 4, count: 1, littleEndianBytes([UInt32(7)]))
    for _ in 0..<20 { nested = GGUFBytes.array(of: 9, count: 1, nested) }
    var duplicate = GGUFBytes()
    duplicate.metadata.append(duplicate.metadata[0])
    let elementLimit = GGUFHeader.maximumMetadataElementCount
    let manyBytes =
      key + littleEndianBytes([UInt32(9)])
      + GGUFBytes.array(
        of: 0, count: elementLimit + 1, [UInt8](repeating: 0, count: Int(elementLimit) + 1))
    return [
      GGUFMalformedCase(
        name: "more array elements in all than a reader keeps", bytes: withPair(manyBytes),
        expectedKind: defect(.tooManyArrayElements(count: elementLimit + 1, limit: elementLimit)),
        expectedOffset: 85),
      GGUFMalformedCase(
        name: "string length past the end of the file", bytes: withPair(hugeString),
        expectedKind: .truncated(
          needed: 1 << 40, available: UInt64(withPair(hugeString).count - 89)),
        expectedOffset: 89),
      GGUFMalformedCase(
        name: "array count past the end of the file",
        bytes: withPair(GGUFBytes.kv("k", type: 9, GGUFBytes.array(of: 4, count: 1 << 60, []))),
        expectedKind: defect(
          .countTooLarge(
            subject: "array 'k' element count", count: 1 << 60, limit: (416 - 93) / 4)),
        expectedOffset: 85),
      GGUFMalformedCase(
        name: "nesting bomb", bytes: withPair(GGUFBytes.kv("k", type: 9, nested)),
        expectedKind: defect(.nestingTooDeep(limit: 8)), expectedOffset: 81 + 8 * 12),
      GGUFMalformedCase(
        name: "value type 13", bytes: withPair(GGUFBytes.kv("k", type: 13, [0])),
        expectedKind: defect(.invalidValueType(13)), expectedOffset: 77),
      GGUFMalformedCase(
        name: "array element type 200",
        bytes: withPair(GGUFBytes.kv("k", type: 9, GGUFBytes.array(of: 200, count: 0, []))),
        expectedKind: defect(.invalidValueType(200)), expectedOffset: 81),
      GGUFMalformedCase(
        name: "duplicate key", bytes: duplicate.bytes,
        expectedKind: defect(.duplicateKey("general.architecture")), expectedOffset: 68),
      GGUFMalformedCase(
        name: "bool that is 2", bytes: withPair(GGUFBytes.kv("k", type: 7, [2])),
        expectedKind: defect(.invalidBool(2)), expectedOffset: 81),
      GGUFMalformedCase(
        name: "string that is not UTF-8",
        bytes: withPair(GGUFBytes.kv("k", type: 8, GGUFBytes.string(bytes: [0x61, 0xFF]))),
        expectedKind: defect(.invalidUTF8(subject: "value of 'k'")), expectedOffset: 81),
      GGUFMalformedCase(
        name: "alignment that is not a power of two",
        bytes: withPair(
          GGUFBytes.kv("general.alignment", type: 4, littleEndianBytes([UInt32(48)]))),
        expectedKind: defect(.badAlignment(value: "u32 48")), expectedOffset: 97),
      GGUFMalformedCase(
        name: "alignment of the wrong type",
        bytes: withPair(GGUFBytes.kv("general.alignment", type: 5, littleEndianBytes([Int32(64)]))),
        expectedKind: defect(.badAlignment(value: "i32 64")), expectedOffset: 97),
    ]
  }()

  /// Tensor infos and placement.
  static let tensorRows: [GGUFMalformedCase] = {
    let w = { (dimensions: [UInt64], type: UInt32, offset: UInt64) in
      GGUFBytes.tensor("w", dimensions: dimensions, type: type, offset: offset)
    }
    return [
      GGUFMalformedCase(
        name: "duplicate tensor name",
        bytes: withTensors([w([32, 2], 0, 0), w([32, 2], 0, 256)], dataByteCount: 512),
        expectedKind: .duplicateTensorName("w"), expectedOffset: 109),
      GGUFMalformedCase(
        name: "five dimensions",
        bytes: withTensors([w([32, 1, 1, 1, 2], 0, 0)]),
        expectedKind: .rankTooLarge(rank: 5, limit: 4), expectedOffset: 77),
      GGUFMalformedCase(
        name: "dimension count that claims more than is there",
        bytes: withTensors([
          GGUFBytes.tensor("w", dimensions: [32, 2], type: 0, offset: 0, rank: 0xFFFF_FFFF)
        ]),
        expectedKind: .rankTooLarge(rank: 0xFFFF_FFFF, limit: 4), expectedOffset: 77),
      GGUFMalformedCase(
        name: "dimensions whose product overflows 64 bits",
        bytes: withTensors([w([1 << 32, 1 << 32], 0, 0)]),
        expectedKind: .sizeOverflow, expectedOffset: 68),
      GGUFMalformedCase(
        name: "element count past INT64_MAX",
        bytes: withTensors([w([1 << 62, 2], 0, 0)]),
        expectedKind: .sizeOverflow, expectedOffset: 77),
      GGUFMalformedCase(
        name: "negative dimension", bytes: withTensors([w([.max, 2], 0, 0)]),
        expectedKind: defect(.negativeDimension(.max)), expectedOffset: 81),
      GGUFMalformedCase(
        name: "unknown ggml type", bytes: withTensors([w([32, 2], 99, 0)]),
        expectedKind: defect(.unknownTensorType(99)), expectedOffset: 97),
      GGUFMalformedCase(
        name: "ggml type removed from the format", bytes: withTensors([w([32, 2], 4, 0)]),
        expectedKind: defect(.unknownTensorType(4)), expectedOffset: 97),
      GGUFMalformedCase(
        name: "unsupported quantized type Q4_1", bytes: withTensors([w([32, 2], 3, 0)]),
        expectedKind: defect(.unsupportedTensorType("Q4_1")), expectedOffset: 97),
      GGUFMalformedCase(
        name: "Q8_0 row of 16 elements", bytes: withTensors([w([16, 2], 8, 0)]),
        expectedKind: defect(.rowNotWholeBlocks(type: "Q8_0", rowLength: 16, blockLength: 32)),
        expectedOffset: 77),
      GGUFMalformedCase(
        name: "misaligned tensor offset", bytes: withTensors([w([32, 2], 0, 4)]),
        expectedKind: defect(.misalignedTensor(offset: 4, alignment: 32)), expectedOffset: 101),
      GGUFMalformedCase(
        name: "tensor offset past the end", bytes: withTensors([w([32, 2], 0, 1024)]),
        expectedKind: defect(.tensorOutOfBounds(start: 1152, end: 1408, fileSize: 384)),
        expectedOffset: 101),
      GGUFMalformedCase(
        name: "tensor offset that overflows", bytes: withTensors([w([32, 2], 0, .max - 31)]),
        expectedKind: defect(.tensorOutOfBounds(start: .max, end: .max, fileSize: 384)),
        expectedOffset: 101),
      GGUFMalformedCase(
        name: "overlapping tensors",
        bytes: withTensors([
          w([32, 2], 0, 0), GGUFBytes.tensor("v", dimensions: [32], type: 0, offset: 128),
        ]),
        expectedKind: defect(.overlappingTensors(start: 288, previousEnd: 416)),
        expectedOffset: 134),
      GGUFMalformedCase(
        name: "tensor name of 64 bytes",
        bytes: withTensors([
          GGUFBytes.tensor(String(repeating: "n", count: 64), dimensions: [32], type: 0, offset: 0)
        ]),
        expectedKind: defect(.nameTooLong(byteCount: 64, limit: 63)), expectedOffset: 68),
      GGUFMalformedCase(
        name: "empty tensor name",
        bytes: withTensors([GGUFBytes.tensor("", dimensions: [32], type: 0, offset: 0)]),
        expectedKind: .invalidTensorName("the name is empty"), expectedOffset: 68),
    ]
  }()
}
