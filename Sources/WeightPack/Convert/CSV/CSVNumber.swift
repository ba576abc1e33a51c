// Numbers in CSV text: decimal or scientific notation, with optional surrounding spaces, and
// the words nan, inf, -inf, +inf, infinity (any case). Parsing is correctly rounded straight
// to the target type (a float32 column never passes through float64, which could round
// twice). Writing gives the shortest text that reads back to the same bits.

/// Parses and formats the numbers of CSV fields.
enum CSVNumber {
  /// The field's value as a `Float`, or `nil` when it is empty or not a number.
  static func float(_ field: ArraySlice<UInt8>) -> Float? {
    let text = trimmed(field)
    if let value = special(text) { return Float(value) }
    guard isDecimal(text) else { return nil }
    return Float(String(decoding: text, as: UTF8.self))
  }

  /// The field's value as a `Double`, or `nil` when it is empty or not a number.
  static func double(_ field: ArraySlice<UInt8>) -> Double? {
    let text = trimmed(field)
    if let value = special(text) { return value }
    guard isDecimal(text) else { return nil }
    return Double(String(decoding: text, as: UTF8.self))
  }

  /// Whether the field holds nothing but spaces.
  static func isEmpty(_ field: ArraySlice<UInt8>) -> Bool {
    field.allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }

  /// The field without surrounding spaces and tabs.
  private static func trimmed(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var start = field.startIndex
    var end = field.endIndex
    while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
    while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
    return field[start..<end]
  }

  /// Whether `text` is made of digits, `.`, signs and exponent letters only; this keeps out
  /// the hexadecimal and `nan(...)` forms Swift's parser would also take.
  private static func isDecimal(_ text: ArraySlice<UInt8>) -> Bool {
    !text.isEmpty
      && text.allSatisfy { byte in
        (0x30...0x39).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+")
          || byte == UInt8(ascii: "-") || byte | 0x20 == UInt8(ascii: "e")
      }
  }

  /// NaN and the infinities, spelled as numpy, pandas and Python print them, in any case.
  private static func special(_ text: ArraySlice<UInt8>) -> Double? {
    guard let last = text.last, (0x61...0x7A).contains(last | 0x20) else { return nil }
    var body = text
    var negative = false
    if let sign = body.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      negative = sign == UInt8(ascii: "-")
      body = body.dropFirst()
    }
    let word = String(decoding: body.map { $0 | 0x20 }, as: UTF8.self)
    switch word {
    case "nan": return .nan
    case "inf", "infinity": return negative ? -.infinity : .infinity
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
