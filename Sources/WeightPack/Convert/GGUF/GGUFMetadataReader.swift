/// Reads GGUF metadata into typed entries, refusing duplicate keys, unknown value types,
/// Booleans other than 0 and 1, invalid UTF-8 and arrays nested too deep.
///
/// Every array count is compared with the bytes left in the file (at the smallest size of
/// its element type) before any element is read, so a hostile count cannot make it
/// allocate more than the file could describe.
struct GGUFMetadataReader {
  /// Where `general.alignment`'s value starts, once read; for messages.
  private(set) var alignmentOffset: UInt64?
  /// Array elements read so far, over all keys.
  private var elementCount: UInt64 = 0

  /// Reads `count` key-value pairs.
  mutating func readMetadata(
    _ cursor: inout GGUFCursor,
    count: UInt64
  ) throws -> [TypedMetadataEntry] {
    var entries: [TypedMetadataEntry] = []
    var keys = Set<String>()
    for _ in 0..<count {
      let keyOffset = cursor.offset
      let key = try cursor.string(for: "metadata key")
      guard keys.insert(key).inserted else {
        throw WeightPackError(.malformedGGUF(.duplicateKey(key)), offset: keyOffset)
      }
      let type = try readType(&cursor, for: "value type of '\(key)'")
      if key == "general.alignment" { alignmentOffset = cursor.offset }
      let value = try readValue(&cursor, of: type, depth: 0, key: key)
      entries.append(TypedMetadataEntry(key: key, value: value))
    }
    return entries
  }

  private func readType(_ cursor: inout GGUFCursor, for purpose: String) throws -> MetadataType {
    let start = cursor.offset
    let number = try cursor.integer(UInt32.self, for: purpose)
    guard let type = GGUFValueType.type(for: number) else {
      throw WeightPackError(.malformedGGUF(.invalidValueType(number)), offset: start)
    }
    return type
  }

  private mutating func readValue(
    _ cursor: inout GGUFCursor,
    of type: MetadataType,
    depth: Int,
    key: String
  ) throws -> MetadataValue {
    let purpose = "value of '\(key)'"
    switch type {
    case .uint8: return .uint8(try cursor.integer(UInt8.self, for: purpose))
    case .int8: return .int8(try cursor.integer(Int8.self, for: purpose))
    case .uint16: return .uint16(try cursor.integer(UInt16.self, for: purpose))
    case .int16: return .int16(try cursor.integer(Int16.self, for: purpose))
    case .uint32: return .uint32(try cursor.integer(UInt32.self, for: purpose))
    case .int32: return .int32(try cursor.integer(Int32.self, for: purpose))
    case .uint64: return .uint64(try cursor.integer(UInt64.self, for: purpose))
    case .int64: return .int64(try cursor.integer(Int64.self, for: purpose))
    case .float32:
      return .float32(Float(bitPattern: try cursor.integer(UInt32.self, for: purpose)))
    case .float64:
      return .float64(Double(bitPattern: try cursor.integer(UInt64.self, for: purpose)))
    case .bool:
      let start = cursor.offset
      let byte = try cursor.integer(UInt8.self, for: purpose)
      guard byte <= 1 else {
        throw WeightPackError(.malformedGGUF(.invalidBool(byte)), offset: start)
      }
      return .bool(byte == 1)
    case .string: return .string(try cursor.string(for: purpose))
    case .array: return try readArray(&cursor, depth: depth + 1, key: key)
    }
  }

  private mutating func readArray(
    _ cursor: inout GGUFCursor,
    depth: Int,
    key: String
  ) throws -> MetadataValue {
    let start = cursor.offset
    guard depth <= GGUFHeader.maximumArrayNesting else {
      throw WeightPackError(
        .malformedGGUF(.nestingTooDeep(limit: GGUFHeader.maximumArrayNesting)), offset: start)
    }
    let elementType = try readType(&cursor, for: "element type of '\(key)'")
    let countOffset = cursor.offset
    let count = try cursor.integer(UInt64.self, for: "element count of '\(key)'")
    let limit = cursor.remaining / GGUFValueType.minimumByteCount(of: elementType)
    guard count <= limit else {
      throw WeightPackError(
        .malformedGGUF(
          .countTooLarge(subject: "array '\(key)' element count", count: count, limit: limit)),
        offset: countOffset)
    }
    // Each element costs tens of bytes in memory, so a header of one huge byte array could
    // take gigabytes; real files (tokenizers of a few hundred thousand tokens) stay far below.
    elementCount += count
    guard elementCount <= GGUFHeader.maximumMetadataElementCount else {
      throw WeightPackError(
        .malformedGGUF(
          .tooManyArrayElements(
            count: elementCount, limit: GGUFHeader.maximumMetadataElementCount)),
        offset: countOffset)
    }
    var elements: [MetadataValue] = []
    // `count` is at most the bytes left in the file, whose size fits an Int.
    elements.reserveCapacity(Int(count))
    for _ in 0..<count {
      elements.append(try readValue(&cursor, of: elementType, depth: depth, key: key))
    }
    return .array(elementType: elementType, elements: elements)
  }
}
