// A `descr` is numpy's `dtype.str`: a byte-order character, a kind letter and the item size
// in bytes (`<f4`). numpy writes `<` or `>` for multi-byte types and `|` for one-byte ones;
// on reading it also takes `=` (native), `|` and no character at all as native order. Every
// host WeightPack runs on is little-endian, so native means little-endian here.

extension NPYHeader {
  /// The WeightPack dtype of each numpy kind and item size.
  private static let dtypes: [String: DType] = [
    "f8": .float64, "f4": .float32, "f2": .float16,
    "i8": .int64, "i4": .int32, "i2": .int16, "i1": .int8,
    "u8": .uint64, "u4": .uint32, "u2": .uint16, "u1": .uint8,
    "b1": .bool,
  ]

  /// What numpy kinds we refuse mean, for the message.
  private static let refusedKinds: [Character: String] = [
    "O": "an object array, whose data is a pickle, which is never loaded",
    "V": "raw void bytes, whose element type is unknown",
    "c": "complex, which has no WeightPack dtype",
    "M": "a datetime, which has no WeightPack dtype",
    "m": "a timedelta, which has no WeightPack dtype",
    "S": "a byte string, which has no WeightPack dtype",
    "a": "a byte string, which has no WeightPack dtype",
    "U": "a unicode string, which has no WeightPack dtype",
  ]

  /// The dtype and byte order a `descr` string names.
  ///
  /// - Parameters:
  ///   - descr: The string, such as `<f4`.
  ///   - offset: The file offset of the string, for errors.
  /// - Returns: The dtype and whether the data is big-endian.
  /// - Throws: `WeightPackError` of kind `.malformedHeader` naming the descr.
  static func dtype(forDescr descr: String, at offset: UInt64) throws -> (DType, Bool) {
    var code = Substring(descr)
    var order: Character = "="
    if let first = code.first, "<>=|".contains(first) {
      order = first
      code = code.dropFirst()
    }
    guard let dtype = dtypes[String(code)] else {
      let meaning = code.first.flatMap { refusedKinds[$0] } ?? "not a supported dtype"
      throw malformed("descr '\(descr)' is \(meaning)", at: offset)
    }
    // One-byte types have no byte order, so any order character is fine for them.
    return (dtype, order == ">" && dtype.unitByteCount > 1)
  }

  /// The `descr` numpy's `np.save` writes for `dtype`, or `nil` for BF16 and the FP8 types,
  /// which numpy lacks.
  static func descr(for dtype: DType) -> String? {
    guard dtype != .bfloat16 else { return nil }
    guard let code = dtypes.first(where: { $0.value == dtype })?.key else { return nil }
    return (dtype.unitByteCount == 1 ? "|" : "<") + code
  }
}
