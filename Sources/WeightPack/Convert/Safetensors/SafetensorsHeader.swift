// A safetensors file is an 8-byte little-endian header length N, N bytes of UTF-8 JSON, then
// the tensors' bytes back to back. The JSON maps each tensor name to its dtype, shape and
// `data_offsets` [begin, end) relative to the first data byte; an optional `__metadata__`
// maps strings to strings. The reference implementation (safetensors `tensor.rs`) refuses a
// header over 100 MB, offsets that leave holes or overlap, sizes that disagree with shape and
// dtype, and any bytes after the last tensor; so does this reader, in that order.

/// The header of a `.safetensors` file, parsed and validated.
struct SafetensorsHeader: Sendable {
  /// One tensor of the file.
  struct Entry: Sendable {
    /// The tensor's name, dtype and shape.
    var descriptor: TensorDescriptor
    /// The offset of the tensor's first byte, from the start of the file.
    var offset: UInt64
  }

  /// The reference implementation's limit on the header's length, in bytes.
  static let defaultMaximumHeaderByteCount: UInt64 = 100_000_000

  /// The tensors, in the order of their bytes in the file.
  let entries: [Entry]
  /// The `__metadata__` object; empty when the file has none.
  let metadata: [String: String]
  /// The header's JSON length in bytes (N).
  let headerByteCount: UInt64

  /// Reads and validates the header of `file`.
  ///
  /// - Parameters:
  ///   - file: The open file.
  ///   - maximumHeaderByteCount: The longest header accepted, in bytes.
  ///   - maximumRank: The most dimensions a tensor may have.
  /// - Returns: The header, its tensors sorted by offset.
  /// - Throws: `WeightPackError` of kind `.truncated`, `.malformedHeader`, `.invalidUTF8`,
  ///   `.invalidJSON`, `.invalidTensorName`, `.rankTooLarge` or `.sizeOverflow`, with the
  ///   offset of the problem and the tensor it concerns.
  static func read(
    from file: SystemFile,
    maximumHeaderByteCount: UInt64 = defaultMaximumHeaderByteCount,
    maximumRank: Int
  ) throws -> SafetensorsHeader {
    var reader = ByteReader(try file.read(count: Int(min(file.size, 8)), at: 0))
    let length = try reader.readInteger(as: UInt64.self, for: "the header length")
    guard length <= maximumHeaderByteCount else {
      throw malformed("header is \(length) bytes, limit is \(maximumHeaderByteCount)", at: 0)
    }
    guard length <= file.size - 8 else {
      throw WeightPackError(
        .truncated(needed: length, available: file.size - 8), offset: 8,
        underlying: "reading the header")
    }
    let text = try file.read(count: Int(length), at: 8)
    guard String(validating: text, as: UTF8.self) != nil else {
      throw malformed("header is not valid UTF-8", at: 8)
    }
    let json: JSONValue
    do {
      json = try JSONParser.parse(text)
    } catch let error as WeightPackError {
      throw error.adding(offset: 8)
    }
    let (metadata, unsorted) = try parseObject(json, maximumRank: maximumRank)
    let entries = try placed(unsorted, dataOffset: 8 + length, fileSize: file.size)
    return SafetensorsHeader(entries: entries, metadata: metadata, headerByteCount: length)
  }

  // MARK: - The JSON object

  /// A tensor as the header declares it, before its offsets are checked.
  private struct Declared {
    var descriptor: TensorDescriptor
    var begin: UInt64
    var end: UInt64
  }

  private static func parseObject(
    _ json: JSONValue,
    maximumRank: Int
  ) throws -> ([String: String], [Declared]) {
    guard case .object(let members) = json else {
      throw malformed("header is not a JSON object", at: 8)
    }
    var metadata: [String: String] = [:]
    var declared: [Declared] = []
    for (key, value) in members {
      if key == "__metadata__" {
        metadata = try parseMetadata(value)
        continue
      }
      do {
        declared.append(try parseTensor(named: key, value, maximumRank: maximumRank))
      } catch let error as WeightPackError {
        throw error.adding(tensor: key).adding(offset: 8)
      }
    }
    return (metadata, declared)
  }

  private static func parseMetadata(_ value: JSONValue) throws -> [String: String] {
    guard case .object(let members) = value else {
      throw malformed("'__metadata__' must be an object of strings", at: 8)
    }
    var metadata: [String: String] = [:]
    for (key, item) in members {
      guard case .string(let text) = item else {
        throw malformed("'__metadata__' value of '\(escaped(key))' is not a string", at: 8)
      }
      metadata[key] = text
    }
    return metadata
  }

  private static func parseTensor(
    named name: String,
    _ value: JSONValue,
    maximumRank: Int
  ) throws -> Declared {
    try Manifest.validateName(name)
    guard case .object = value else { throw malformed("entry is not an object") }
    guard case .string(let dtypeName)? = value["dtype"] else {
      throw malformed("'dtype' is missing or not a string")
    }
    guard let dtype = DType(safetensorsName: dtypeName) else {
      throw malformed(
        "dtype '\(escaped(dtypeName))' is not supported (supported: "
          + DType.safetensorsNames.joined(separator: " ") + ")")
    }
    let dimensions = try integers(value["shape"], key: "shape")
    guard dimensions.count <= maximumRank else {
      throw WeightPackError(.rankTooLarge(rank: dimensions.count, limit: maximumRank))
    }
    let offsets = try integers(value["data_offsets"], key: "data_offsets")
    guard offsets.count == 2 else {
      throw malformed("'data_offsets' has \(offsets.count) numbers, must have 2")
    }
    guard offsets[0] <= offsets[1] else {
      throw malformed("'data_offsets' [\(offsets[0]), \(offsets[1])] end before they begin")
    }
    let shape = try Shape(dimensions)
    let descriptor = TensorDescriptor(name: name, dtype: dtype, shape: shape)
    guard let needed = dtype.byteCount(forElementCount: shape.elementCount) else {
      throw WeightPackError(.sizeOverflow)
    }
    guard offsets[1] - offsets[0] == needed else {
      throw malformed(
        "'data_offsets' [\(offsets[0]), \(offsets[1])] hold \(offsets[1] - offsets[0]) bytes, "
          + "\(dtype.rawValue) \(shape) needs \(needed)")
    }
    return Declared(descriptor: descriptor, begin: offsets[0], end: offsets[1])
  }

  /// The non-negative integers of a JSON array.
  private static func integers(_ value: JSONValue?, key: String) throws -> [UInt64] {
    guard case .array(let items)? = value else {
      throw malformed("'\(key)' is missing or not an array")
    }
    return try items.map { item in
      guard case .number(let text) = item, let number = UInt64(text) else {
        throw malformed("'\(key)' holds \(describe(item)), not a non-negative integer")
      }
      return number
    }
  }

  // MARK: - Offsets

  /// The tensors sorted by offset, once their bytes are shown to tile the data region: the
  /// first starts at 0, each begins where the one before ends, and the last ends at the end
  /// of the file.
  private static func placed(
    _ declared: [Declared],
    dataOffset: UInt64,
    fileSize: UInt64
  ) throws -> [Entry] {
    let sorted = declared.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
    var expected: UInt64 = 0
    var entries: [Entry] = []
    for tensor in sorted {
      let name = tensor.descriptor.name
      let (offset, overflow) = dataOffset.addingReportingOverflow(tensor.begin)
      guard tensor.begin == expected, !overflow else {
        let problem = tensor.begin < expected ? "overlaps the tensor before" : "leaves a gap"
        throw malformed(
          "data begins at \(tensor.begin) of the data region but the tensor before ends at "
            + "\(expected), so it \(problem)", at: overflow ? 8 : offset
        ).adding(tensor: name)
      }
      entries.append(Entry(descriptor: tensor.descriptor, offset: offset))
      expected = tensor.end
    }
    let (end, overflow) = dataOffset.addingReportingOverflow(expected)
    guard !overflow, end == fileSize else {
      throw malformed(
        "tensors end at byte \(overflow ? UInt64.max : end) but the file has \(fileSize) bytes "
          + "(a safetensors file has no holes and nothing after its last tensor)",
        at: min(overflow ? 8 : end, fileSize))
    }
    return entries
  }
}

/// A malformed-header error of the safetensors format.
private func malformed(_ reason: String, at offset: UInt64? = nil) -> WeightPackError {
  WeightPackError(.malformedHeader(format: "safetensors", reason: reason), offset: offset)
}

/// A short description of a JSON value, for error messages.
private func describe(_ value: JSONValue) -> String {
  switch value {
  case .null: return "null"
  case .bool(let flag): return flag ? "true" : "false"
  case .number(let text): return text
  case .string(let text): return "\"\(escaped(text))\""
  case .array: return "an array"
  case .object: return "an object"
  }
}
