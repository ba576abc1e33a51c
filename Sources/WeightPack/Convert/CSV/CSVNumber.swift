// Numbers in CSV text: decimal or scientific notation, with optional surrounding spaces, and
// the words nan, inf, -inf, +inf, infinity (any case). Parsing is correctly rounded straight
// to the target type (a float32 column never passes through float64, which could round
// twice). Writing gives the shortest text that reads back to the same bits.

/// Parses and formats the numbers of CSV fields.
enum CSVNumber {
  /// The field's value as a `Float`, or `nil` when it is empty or not a number.
  static func float(_ field: [UInt8]) -> Float? {
    guard let text = trimmed(field) else { return nil }
    return special(text).map(Float.init) ?? Float(text)
  }

  /// The field's value as a `Double`, or `nil` when it is empty or not a number.
  static func double(_ field: [UInt8]) -> Double? {
    guard let text = trimmed(field) else { return nil }
    return special(text) ?? Double(text)
  }

  /// Whether the field holds nothing but spaces.
  static func isEmpty(_ field: [UInt8]) -> Bool {
    field.allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }

  /// The field's text without surrounding spaces, if it is ASCII and not empty.
  private static func trimmed(_ field: [UInt8]) -> String? {
    var start = field.startIndex
    var end = field.endIndex
    while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
    while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
    guard start < end, field[start..<end].allSatisfy({ $0 < 0x80 }) else { return nil }
    return String(decoding: field[start..<end], as: UTF8.self)
  }

  /// NaN and the infinities, spelled as numpy, pandas and Python print them.
  private static func special(_ text: String) -> Double? {
    switch text.lowercased() {
    case "nan", "+nan", "-nan": return .nan
    case "inf", "+inf", "infinity", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    default: return nil
    }
  }

  /// The shortest text that parses back to exactly `value`'s bits (NaN as `nan`).
  static func text<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return value.description
  }
}
