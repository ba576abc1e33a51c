// The JSON form of typed metadata (Spec/FORMAT.md, "Typed metadata"). Each value is written
// so that reading it back gives the same bits: integers as plain decimal numbers, finite
// floats as the shortest decimal that reads back as the same binary32 or binary64 value,
// infinities as the strings "inf" and "-inf", and NaNs as "nan:0x" plus their bit pattern in
// hex (8 digits for f32, 16 for f64), so a NaN's sign and payload survive.

extension TypedMetadataEntry {
  /// The entry as `{"key": …, "type": …, ["element_type": …,] "value": …}`.
  package var json: JSONValue {
    .object([("key", .string(key))] + value.typedMembers)
  }

  /// Decodes an entry, checking that the value fits its type.
  ///
  /// - Throws: `WeightPackError` of kind `.schemaViolation` naming the field.
  init(field: Field) throws {
    let object = try field.object()
    let key = try object.required("key").string()
    let value = try MetadataValue(typedObject: object)
    self.init(key: key, value: value)
  }
}

extension MetadataValue {
  /// The `type` member, an `element_type` member for arrays, and the `value` member.
  fileprivate var typedMembers: [(String, JSONValue)] {
    var members: [(String, JSONValue)] = [("type", .string(type.rawValue))]
    if case .array(let elementType, _) = self {
      members.append(("element_type", .string(elementType.rawValue)))
    }
    members.append(("value", json))
    return members
  }

  /// The value alone, as it appears under `value`.
  package var json: JSONValue {
    switch self {
    case .uint8(let value): return .number(String(value))
    case .int8(let value): return .number(String(value))
    case .uint16(let value): return .number(String(value))
    case .int16(let value): return .number(String(value))
    case .uint32(let value): return .number(String(value))
    case .int32(let value): return .number(String(value))
    case .uint64(let value): return .number(String(value))
    case .int64(let value): return .number(String(value))
    case .float32(let value):
      return Self.floatJSON(value.isFinite, value.description, value.bitPattern, value.sign)
    case .float64(let value):
      return Self.floatJSON(value.isFinite, value.description, value.bitPattern, value.sign)
    case .bool(let value): return .bool(value)
    case .string(let value): return .string(value)
    case .array(let elementType, let elements):
      guard elementType == .array else { return .array(elements.map(\.json)) }
      return .array(
        elements.map { element in
          var members = element.typedMembers
          members.removeFirst()
          return .object(members)
        })
    }
  }

  private static func floatJSON<Bits: FixedWidthInteger>(
    _ isFinite: Bool,
    _ decimal: String,
    _ bits: Bits,
    _ sign: FloatingPointSign
  ) -> JSONValue {
    if isFinite { return .number(decimal) }
    if decimal == "inf" || decimal == "-inf" { return .string(decimal) }
    let digits = String(bits, radix: 16)
    let width = Bits.bitWidth / 4
    return .string("nan:0x" + String(repeating: "0", count: width - digits.count) + digits)
  }

  /// Decodes the `type`, `element_type` and `value` members of `object`.
  init(typedObject object: ObjectField) throws {
    let type = try MetadataType(field: try object.required("type"))
    let value = try object.required("value")
    if type == .array {
      let elementType = try MetadataType(field: try object.required("element_type"))
      self = try Self.array(of: elementType, from: value)
    } else {
      self = try MetadataValue(of: type, from: value)
    }
  }

  private static func array(of elementType: MetadataType, from field: Field) throws
    -> MetadataValue
  {
    let elements = try field.array().map { element in
      guard elementType == .array else { return try MetadataValue(of: elementType, from: element) }
      let object = try element.object()
      let inner = try MetadataType(field: try object.required("element_type"))
      return try array(of: inner, from: try object.required("value"))
    }
    return .array(elementType: elementType, elements: elements)
  }

  /// Decodes a scalar of `type` from `field`.
  private init(of type: MetadataType, from field: Field) throws {
    func mismatch(_ expected: String) -> WeightPackError {
      WeightPackError(.schemaViolation(field: field.path, expected: expected))
    }
    func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
      // Canonical decimal only: `String(value) == text` refuses "-0".
      guard case .number(let text) = field.value, let value = T(text), String(value) == text
      else {
        throw mismatch("an integer in the range of \(type.rawValue)")
      }
      return value
    }
    switch type {
    case .uint8: self = .uint8(try integer(UInt8.self))
    case .int8: self = .int8(try integer(Int8.self))
    case .uint16: self = .uint16(try integer(UInt16.self))
    case .int16: self = .int16(try integer(Int16.self))
    case .uint32: self = .uint32(try integer(UInt32.self))
    case .int32: self = .int32(try integer(Int32.self))
    case .uint64: self = .uint64(try integer(UInt64.self))
    case .int64: self = .int64(try integer(Int64.self))
    case .float32:
      guard let value = Self.float32(field.value) else {
        throw mismatch("a finite number, \"inf\", \"-inf\" or \"nan:0x\" and 8 hex digits")
      }
      self = .float32(value)
    case .float64:
      guard let value = Self.float64(field.value) else {
        throw mismatch("a finite number, \"inf\", \"-inf\" or \"nan:0x\" and 16 hex digits")
      }
      self = .float64(value)
    case .bool:
      guard case .bool(let value) = field.value else { throw mismatch("true or false") }
      self = .bool(value)
    case .string: self = .string(try field.string())
    case .array: throw mismatch("an object with 'element_type' and 'value'")
    }
  }

  private static func float32(_ value: JSONValue) -> Float? {
    switch value {
    case .number(let text):
      // A decimal too large for the type reads as infinity: refuse it, a writer that
      // follows the spec never writes one.
      guard let number = Float(text), number.isFinite else { return nil }
      return number
    case .string("inf"): return .infinity
    case .string("-inf"): return -.infinity
    case .string(let text):
      guard let bits = nanBits(text, digitCount: 8).flatMap(UInt32.init(exactly:)) else {
        return nil
      }
      let number = Float(bitPattern: bits)
      return number.isNaN ? number : nil
    default: return nil
    }
  }

  private static func float64(_ value: JSONValue) -> Double? {
    switch value {
    case .number(let text):
      guard let number = Double(text), number.isFinite else { return nil }
      return number
    case .string("inf"): return .infinity
    case .string("-inf"): return -.infinity
    case .string(let text):
      guard let bits = nanBits(text, digitCount: 16) else { return nil }
      let number = Double(bitPattern: bits)
      return number.isNaN ? number : nil
    default: return nil
    }
  }

  /// The bit pattern in `"nan:0x…"` with exactly `digitCount` lowercase hex digits.
  private static func nanBits(_ text: String, digitCount: Int) -> UInt64? {
    guard text.hasPrefix("nan:0x") else { return nil }
    let digits = text.dropFirst(6)
    let lowercaseHex = digits.allSatisfy { "0123456789abcdef".contains($0) }
    guard digits.count == digitCount, lowercaseHex else { return nil }
    return UInt64(digits, radix: 16)
  }
}

extension MetadataType {
  /// Decodes a type name (`"u8"`, `"f32"`, `"array"`, …).
  init(field: Field) throws {
    let name = try field.string()
    guard let type = MetadataType(rawValue: name) else {
      let names = MetadataType.allCases.map(\.rawValue).joined(separator: ", ")
      throw WeightPackError(.schemaViolation(field: field.path, expected: "one of \(names)"))
    }
    self = type
  }
}
