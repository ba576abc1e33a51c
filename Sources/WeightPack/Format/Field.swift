/// A JSON value together with its path in the document (`tensors[2].chunks[0].offset`), so
/// schema errors can say exactly which field is wrong.
struct Field {
  let value: JSONValue
  let path: String

  init(_ value: JSONValue, _ path: String) {
    self.value = value
    self.path = path
  }

  private func mismatch(_ expected: String) -> WeightPackError {
    WeightPackError(.schemaViolation(field: path, expected: expected))
  }

  func string() throws -> String {
    guard case .string(let text) = value else { throw mismatch("a string") }
    return text
  }

  func array() throws -> [Field] {
    guard case .array(let elements) = value else { throw mismatch("an array") }
    return elements.enumerated().map { Field($1, "\(path)[\($0)]") }
  }

  func object() throws -> ObjectField {
    guard case .object(let members) = value else { throw mismatch("an object") }
    return ObjectField(members: members, path: path)
  }

  /// An integer in 0...UInt64.max, written without sign, fraction or exponent.
  func unsigned() throws -> UInt64 {
    // `UInt64("-0")` is 0, so a sign is refused before conversion.
    guard case .number(let text) = value, !text.hasPrefix("-"), let number = UInt64(text) else {
      throw mismatch("a non-negative integer below 2^64")
    }
    return number
  }

  /// A tensor dimension: a non-negative integer.
  func dimension() throws -> UInt64 {
    guard case .number(let text) = value else { throw mismatch("a non-negative integer") }
    guard !text.hasPrefix("-"), let number = UInt64(text) else {
      throw WeightPackError(.invalidDimension("\(text) at \(path) is not a non-negative integer"))
    }
    return number
  }

  func stringDictionary() throws -> [String: String] {
    let object = try object()
    var dictionary: [String: String] = [:]
    for (key, value) in object.members {
      dictionary[key] = try Field(value, "\(path).\(key)").string()
    }
    return dictionary
  }
}

/// A JSON object with its path; looks members up by key.
struct ObjectField {
  let members: [(String, JSONValue)]
  let path: String

  func required(_ key: String) throws -> Field {
    guard let value = members.first(where: { $0.0 == key })?.1 else {
      throw WeightPackError(.schemaViolation(field: "\(path).\(key)", expected: "present"))
    }
    return Field(value, "\(path).\(key)")
  }

  func optional(_ key: String) -> Field? {
    members.first { $0.0 == key }.map { Field($0.1, "\(path).\(key)") }
  }
}
