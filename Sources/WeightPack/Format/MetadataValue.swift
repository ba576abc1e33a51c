/// The type of a typed metadata value: GGUF's value types, spelled as in the manifest.
public enum MetadataType: String, Sendable, Hashable, CaseIterable {
  /// Unsigned 8-bit integer.
  case uint8 = "u8"
  /// Two's-complement 8-bit integer.
  case int8 = "i8"
  /// Unsigned 16-bit integer.
  case uint16 = "u16"
  /// Two's-complement 16-bit integer.
  case int16 = "i16"
  /// Unsigned 32-bit integer.
  case uint32 = "u32"
  /// Two's-complement 32-bit integer.
  case int32 = "i32"
  /// Unsigned 64-bit integer.
  case uint64 = "u64"
  /// Two's-complement 64-bit integer.
  case int64 = "i64"
  /// IEEE 754 binary32.
  case float32 = "f32"
  /// IEEE 754 binary64.
  case float64 = "f64"
  /// A Boolean.
  case bool
  /// A UTF-8 string.
  case string
  /// An array of values of one type, which may itself be `array`.
  case array
}

/// A typed metadata value, such as GGUF stores: an integer or float of a given width, a
/// Boolean, a string, or an array of values of one type.
///
/// Floats compare by bit pattern, so a NaN equals itself and `-0.0` differs from `0.0`: two
/// values are equal exactly when they are written the same way.
public enum MetadataValue: Sendable, Hashable {
  /// An unsigned 8-bit integer.
  case uint8(UInt8)
  /// A signed 8-bit integer.
  case int8(Int8)
  /// An unsigned 16-bit integer.
  case uint16(UInt16)
  /// A signed 16-bit integer.
  case int16(Int16)
  /// An unsigned 32-bit integer.
  case uint32(UInt32)
  /// A signed 32-bit integer.
  case int32(Int32)
  /// An unsigned 64-bit integer.
  case uint64(UInt64)
  /// A signed 64-bit integer.
  case int64(Int64)
  /// An IEEE 754 binary32 value.
  case float32(Float)
  /// An IEEE 754 binary64 value.
  case float64(Double)
  /// A Boolean.
  case bool(Bool)
  /// A string.
  case string(String)
  /// An array whose elements all have `elementType`.
  case array(elementType: MetadataType, elements: [MetadataValue])

  /// The value's type.
  public var type: MetadataType {
    switch self {
    case .uint8: return .uint8
    case .int8: return .int8
    case .uint16: return .uint16
    case .int16: return .int16
    case .uint32: return .uint32
    case .int32: return .int32
    case .uint64: return .uint64
    case .int64: return .int64
    case .float32: return .float32
    case .float64: return .float64
    case .bool: return .bool
    case .string: return .string
    case .array: return .array
    }
  }

  /// Whether the two values have the same type and the same bits.
  public static func == (lhs: MetadataValue, rhs: MetadataValue) -> Bool {
    switch (lhs, rhs) {
    case (.float32(let a), .float32(let b)): return a.bitPattern == b.bitPattern
    case (.float64(let a), .float64(let b)): return a.bitPattern == b.bitPattern
    case (.array(let typeA, let a), .array(let typeB, let b)): return typeA == typeB && a == b
    case (.uint8(let a), .uint8(let b)): return a == b
    case (.int8(let a), .int8(let b)): return a == b
    case (.uint16(let a), .uint16(let b)): return a == b
    case (.int16(let a), .int16(let b)): return a == b
    case (.uint32(let a), .uint32(let b)): return a == b
    case (.int32(let a), .int32(let b)): return a == b
    case (.uint64(let a), .uint64(let b)): return a == b
    case (.int64(let a), .int64(let b)): return a == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    default: return false
    }
  }

  /// Hashes the value's type and bits, consistently with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(type)
    switch self {
    case .float32(let value): hasher.combine(value.bitPattern)
    case .float64(let value): hasher.combine(value.bitPattern)
    case .array(let elementType, let elements):
      hasher.combine(elementType)
      hasher.combine(elements)
    case .uint8(let value): hasher.combine(value)
    case .int8(let value): hasher.combine(value)
    case .uint16(let value): hasher.combine(value)
    case .int16(let value): hasher.combine(value)
    case .uint32(let value): hasher.combine(value)
    case .int32(let value): hasher.combine(value)
    case .uint64(let value): hasher.combine(value)
    case .int64(let value): hasher.combine(value)
    case .bool(let value): hasher.combine(value)
    case .string(let value): hasher.combine(value)
    }
  }
}

/// One typed metadata item: a key and its value, kept in the order the source had them.
public struct TypedMetadataEntry: Sendable, Hashable {
  /// The key, such as `general.architecture`; unique within a file.
  public var key: String
  /// The value.
  public var value: MetadataValue

  /// Creates an entry.
  public init(key: String, value: MetadataValue) {
    self.key = key
    self.value = value
  }
}
