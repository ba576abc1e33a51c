/// A JSON value that keeps what WeightPack's manifests need and `JSONSerialization` loses.
///
/// Object members keep their order (so a writer controls the byte layout), and numbers keep
/// their text (so 64-bit offsets are read exactly, never through `Double`).
package enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number, as the literal text found in the document or written by `number(_:)`.
  case number(String)
  case string(String)
  case array([JSONValue])
  /// Object members in document order; keys are unique (the parser refuses duplicates).
  case object([(String, JSONValue)])

  package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// A number value holding an unsigned integer.
  package static func number(_ value: UInt64) -> JSONValue { .number(String(value)) }

  /// A number value holding a signed integer.
  package static func number(_ value: Int) -> JSONValue { .number(String(value)) }

  /// The member named `key`, if this is an object that has one.
  package subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }
}
