// safetensors spells dtypes as WeightPack does (`F32`, `BF16`, `F8_E4M3`, ...). Its writer
// orders tensors by dtype, following the declaration order of the reference implementation's
// `Dtype` enum from last to first (widest alignment first), then by name; `safetensorsRank`
// is a dtype's position in that enum, so `SafetensorsSink` lays files out the same way.

extension DType {
  /// The dtype spelled `name` in a safetensors header, if WeightPack has it.
  init?(safetensorsName name: String) {
    guard let dtype = DType(rawValue: name), dtype.safetensorsRank != nil else { return nil }
    self = dtype
  }

  /// The safetensors spellings of the dtypes WeightPack reads and writes.
  static var safetensorsNames: [String] {
    allCases.filter { $0.safetensorsRank != nil }.map(\.rawValue)
  }

  /// The dtype's position in the reference implementation's `Dtype` enum (BOOL 0, F4 1,
  /// F6_E2M3 2, F6_E3M2 3, U8 4, I8 5, F8_E5M2 6, F8_E4M3 7, F8_E8M0 8, F8_E4M3FNUZ 9,
  /// F8_E5M2FNUZ 10, I16 11, U16 12, F16 13, BF16 14, I32 15, U32 16, F32 17, C64 18, F64 19,
  /// I64 20, U64 21), or `nil` for a dtype safetensors cannot hold.
  var safetensorsRank: Int? {
    switch self {
    case .bool: return 0
    case .uint8: return 4
    case .int8: return 5
    case .float8E5M2: return 6
    case .float8E4M3: return 7
    case .int16: return 11
    case .uint16: return 12
    case .float16: return 13
    case .bfloat16: return 14
    case .int32: return 15
    case .uint32: return 16
    case .float32: return 17
    case .float64: return 19
    case .int64: return 20
    case .uint64: return 21
    case .q8Zero, .q4Zero: return nil
    }
  }
}
