/// The ggml tensor types (`enum ggml_type` in ggml's `include/ggml.h`), as GGUF numbers them.
///
/// Only the types with a WeightPack dtype are read; the rest are refused by name. Numbers
/// that ggml removed (4, 5, 31–33, 36–38) and numbers past the last type are unknown.
enum GGUFTensorType {
  /// The numbers of the types WeightPack stores, and their dtypes.
  static let dtypes: [UInt32: DType] = [
    0: .float32, 1: .float16, 2: .q4Zero, 8: .q8Zero, 24: .int8, 25: .int16, 26: .int32,
    27: .int64, 28: .float64, 30: .bfloat16,
  ]

  /// The names of the other ggml types, for messages.
  static let otherNames: [UInt32: String] = [
    3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 9: "Q8_1", 10: "Q2_K", 11: "Q3_K", 12: "Q4_K", 13: "Q5_K",
    14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS", 19: "IQ1_S",
    20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS", 29: "IQ1_M", 34: "TQ1_0",
    35: "TQ2_0", 39: "MXFP4", 40: "NVFP4", 41: "Q1_0", 42: "Q2_0",
  ]

  /// The dtype of a ggml type number.
  ///
  /// - Throws: `WeightPackError` of kind `.malformedGGUF` with `.unsupportedTensorType` for
  ///   a ggml type WeightPack does not store, or `.unknownTensorType` otherwise.
  static func dtype(for number: UInt32) throws -> DType {
    if let dtype = dtypes[number] { return dtype }
    if let name = otherNames[number] {
      throw WeightPackError(.malformedGGUF(.unsupportedTensorType(name)))
    }
    throw WeightPackError(.malformedGGUF(.unknownTensorType(number)))
  }

  /// The ggml type number of `dtype`, or `nil` if GGUF has no such type (unsigned integers
  /// and `BOOL`).
  static func number(for dtype: DType) -> UInt32? {
    dtypes.first { $0.value == dtype }?.key
  }
}

/// GGUF's metadata value type numbers (`enum gguf_type`).
enum GGUFValueType {
  /// The number GGUF gives `type`.
  static func number(for type: MetadataType) -> UInt32 {
    switch type {
    case .uint8: return 0
    case .int8: return 1
    case .uint16: return 2
    case .int16: return 3
    case .uint32: return 4
    case .int32: return 5
    case .float32: return 6
    case .bool: return 7
    case .string: return 8
    case .array: return 9
    case .uint64: return 10
    case .int64: return 11
    case .float64: return 12
    }
  }

  /// The metadata type of a number, or `nil` if it is not one of GGUF's.
  static func type(for number: UInt32) -> MetadataType? {
    MetadataType.allCases.first { self.number(for: $0) == number }
  }

  /// The fewest bytes one value of `type` takes: what bounds an array's count.
  static func minimumByteCount(of type: MetadataType) -> UInt64 {
    switch type {
    case .uint8, .int8, .bool: return 1
    case .uint16, .int16: return 2
    case .uint32, .int32, .float32: return 4
    case .uint64, .int64, .float64, .string: return 8
    case .array: return 12
    }
  }
}
