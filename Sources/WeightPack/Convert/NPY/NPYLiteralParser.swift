// NumPy writes its header with `repr` of a dict and reads it back with `ast.literal_eval`.
// We never evaluate anything: this is a small recursive-descent parser for exactly the
// literal forms a header can hold, strict about everything else, with a nesting cap so a
// hostile header of ten thousand `(` cannot exhaust the stack.

/// Parses the Python literal of a `.npy` header into an `NPYLiteral`.
///
/// Errors are `.malformedHeader(format: "npy", ...)` whose offset is the file offset of the
/// offending byte.
struct NPYLiteralParser {
  /// The deepest nesting of tuples, lists and dicts accepted.
  ///
  /// A header needs 2 (a dict holding a shape tuple); structured dtypes, which are refused
  /// later, need a few more.
  static let maximumDepth = 16

  private let bytes: [UInt8]
  private let baseOffset: UInt64
  private let isUTF8: Bool
  private var position = 0
  private var depth = 0

  private init(bytes: [UInt8], baseOffset: UInt64, isUTF8: Bool) {
    self.bytes = bytes
    self.baseOffset = baseOffset
    self.isUTF8 = isUTF8
  }

  /// Parses `bytes` as one literal followed only by whitespace.
  ///
  /// - Parameters:
  ///   - bytes: The header text, without the magic, version and length fields.
  ///   - baseOffset: The file offset of `bytes[0]`, for error offsets.
  ///   - isUTF8: Whether strings are UTF-8 (version 3.0) rather than Latin-1 (1.0 and 2.0).
  /// - Returns: The literal and its offset.
  /// - Throws: `WeightPackError` of kind `.malformedHeader` naming what was unexpected.
  static func parse(
    _ bytes: [UInt8],
    baseOffset: UInt64,
    isUTF8: Bool
  ) throws -> NPYLiteral.Located {
    var parser = NPYLiteralParser(bytes: bytes, baseOffset: baseOffset, isUTF8: isUTF8)
    let value = try parser.parseValue()
    parser.skipWhitespace()
    if let byte = parser.peek() {
      throw parser.error("unexpected \(describe(byte)) after the header's closing brace")
    }
    return value
  }

  // MARK: - Values

  private mutating func parseValue() throws -> NPYLiteral.Located {
    skipWhitespace()
    let start = offset
    guard let byte = peek() else { throw error("header ends where a value was expected") }
    switch byte {
    case UInt8(ascii: "{"): return .init(value: try parseDict(), offset: start)
    case UInt8(ascii: "("): return try parseParenthesised(start: start)
    case UInt8(ascii: "["):
      position += 1
      let (items, _) = try parseItems(until: UInt8(ascii: "]"))
      return .init(value: .list(items), offset: start)
    case UInt8(ascii: "'"), UInt8(ascii: "\""):
      return .init(value: try parseString(), offset: start)
    case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .init(value: try parseInteger(), offset: start)
    default:
      if isNameByte(byte) { return .init(value: try parseName(), offset: start) }
      throw error("unexpected \(Self.describe(byte)) where a value was expected")
    }
  }

  private mutating func parseDict() throws -> NPYLiteral {
    try enter()
    defer { depth -= 1 }
    position += 1
    var entries: [(key: NPYLiteral.Located, value: NPYLiteral.Located)] = []
    while true {
      skipWhitespace()
      if peek() == UInt8(ascii: "}") {
        position += 1
        return .dict(entries)
      }
      let key = try parseValue()
      skipWhitespace()
      try expect(UInt8(ascii: ":"), after: "a dict key")
      let value = try parseValue()
      entries.append((key, value))
      skipWhitespace()
      if peek() == UInt8(ascii: ",") {
        position += 1
      } else if peek() != UInt8(ascii: "}") {
        throw error(unexpectedHere(expecting: "',' or '}' after a dict value"))
      }
    }
  }

  private mutating func parseParenthesised(start: UInt64) throws -> NPYLiteral.Located {
    position += 1
    let (items, sawComma) = try parseItems(until: UInt8(ascii: ")"))
    // As in Python, `(x)` is `x` and only `()` or a comma makes a tuple.
    if items.count == 1, !sawComma { return items[0] }
    return .init(value: .tuple(items), offset: start)
  }

  /// Parses comma-separated values up to and including `closer`; a trailing comma is allowed.
  private mutating func parseItems(
    until closer: UInt8
  ) throws -> (items: [NPYLiteral.Located], sawComma: Bool) {
    try enter()
    defer { depth -= 1 }
    var items: [NPYLiteral.Located] = []
    var sawComma = false
    while true {
      skipWhitespace()
      if peek() == closer {
        position += 1
        return (items, sawComma)
      }
      items.append(try parseValue())
      skipWhitespace()
      if peek() == UInt8(ascii: ",") {
        position += 1
        sawComma = true
      } else if peek() != closer {
        throw error(unexpectedHere(expecting: "',' or '\(Character(Unicode.Scalar(closer)))'"))
      }
    }
  }

  private mutating func parseString() throws -> NPYLiteral {
    let quote = bytes[position]
    position += 1
    var content: [UInt8] = []
    while true {
      guard let byte = peek(), byte != UInt8(ascii: "\n") else {
        throw error("string is not closed before the end of the line")
      }
      position += 1
      if byte == quote { break }
      if byte == UInt8(ascii: "\\") {
        guard let escaped = peek(), [quote, UInt8(ascii: "\\")].contains(escaped) else {
          throw error("unsupported escape sequence in a string")
        }
        position += 1
        content.append(escaped)
      } else {
        content.append(byte)
      }
    }
    if isUTF8 { return .string(String(decoding: content, as: UTF8.self)) }
    return .string(String(String.UnicodeScalarView(content.map { Unicode.Scalar($0) })))
  }

  private mutating func parseInteger() throws -> NPYLiteral {
    let start = position
    var text = ""
    if let sign = peek(), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      position += 1
      if sign == UInt8(ascii: "-") { text = "-" }
    }
    let digitsStart = position
    while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
      position += 1
    }
    let digits = bytes[digitsStart..<position]
    var end = position
    while end < bytes.count, isNameByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") {
      end += 1
    }
    let token = String(decoding: bytes[start..<end], as: UTF8.self)
    guard !digits.isEmpty, end == position else {
      position = start
      throw error("'\(token)' is not a decimal integer")
    }
    if digits.count > 1, digits.first == UInt8(ascii: "0") {
      position = start
      throw error("'\(token)' has a leading zero, which Python refuses")
    }
    return .integer(text + String(decoding: digits, as: UTF8.self))
  }

  private mutating func parseName() throws -> NPYLiteral {
    let start = position
    while let byte = peek(), isNameByte(byte) { position += 1 }
    let name = String(decoding: bytes[start..<position], as: UTF8.self)
    switch name {
    case "True": return .boolean(true)
    case "False": return .boolean(false)
    case "None": return .none
    default:
      position = start
      throw error("unexpected name '\(name)' (only True, False and None are literals)")
    }
  }

  // MARK: - Bytes

  private var offset: UInt64 { baseOffset + UInt64(position) }

  private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func skipWhitespace() {
    while let byte = peek(), [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(byte) { position += 1 }
  }

  private mutating func enter() throws {
    depth += 1
    guard depth <= Self.maximumDepth else {
      throw error("values nest deeper than \(Self.maximumDepth) levels")
    }
  }

  private mutating func expect(_ byte: UInt8, after what: String) throws {
    guard peek() == byte else {
      throw error(unexpectedHere(expecting: "'\(Character(Unicode.Scalar(byte)))' after \(what)"))
    }
    position += 1
  }

  private func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
      return true
    default:
      return false
    }
  }

  private func unexpectedHere(expecting expected: String) -> String {
    guard let byte = peek() else { return "header ends where \(expected) was expected" }
    return "unexpected \(Self.describe(byte)), expected \(expected)"
  }

  private func error(_ reason: String) -> WeightPackError {
    WeightPackError(.malformedHeader(format: "npy", reason: reason), offset: offset)
  }

  /// A byte as `'x'` when printable ASCII, otherwise as `byte 0x1f`.
  static func describe(_ byte: UInt8) -> String {
    if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
    let digits = String(byte, radix: 16)
    return "byte 0x" + (digits.count == 1 ? "0" : "") + digits
  }
}
