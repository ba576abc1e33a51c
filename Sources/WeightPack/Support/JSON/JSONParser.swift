/// Parses JSON text strictly (RFC 8259) into `JSONValue`.
///
/// It refuses duplicate object keys, nesting deeper than `maximumDepth`, invalid UTF-8 in
/// strings, lone surrogates and trailing bytes. Errors say what was wrong and at which byte of
/// the document, counted from 0.
package struct JSONParser {
  private let bytes: [UInt8]
  private var position = 0
  private let maximumDepth: Int

  /// Parses a whole document.
  ///
  /// - Parameters:
  ///   - bytes: The UTF-8 text of the document.
  ///   - maximumDepth: How deeply arrays and objects may nest.
  /// - Returns: The document's value.
  /// - Throws: `WeightPackError` of kind `.invalidJSON` naming the problem and its position.
  package static func parse(_ bytes: [UInt8], maximumDepth: Int = 64) throws -> JSONValue {
    var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth)
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    guard parser.position == bytes.count else {
      throw parser.failure("unexpected data after the document")
    }
    return value
  }

  private init(bytes: [UInt8], maximumDepth: Int) {
    self.bytes = bytes
    self.maximumDepth = maximumDepth
  }

  private func failure(_ reason: String) -> WeightPackError {
    WeightPackError(.invalidJSON("\(reason) at byte \(position) of the document"))
  }

  private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
      position += 1
    }
  }

  private mutating func parseValue(depth: Int) throws -> JSONValue {
    guard let byte = current else { throw failure("unexpected end of document") }
    switch byte {
    case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
    case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
    case UInt8(ascii: "n"): try expectLiteral("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw failure("unexpected character \(describe(byte))")
    }
  }

  private mutating func expectLiteral(_ literal: String) throws {
    for expected in literal.utf8 {
      guard current == expected else { throw failure("invalid literal, expected '\(literal)'") }
      position += 1
    }
  }

  private mutating func parseObject(depth: Int) throws -> JSONValue {
    guard depth <= maximumDepth else { throw failure("nesting deeper than \(maximumDepth)") }
    position += 1
    var members: [(String, JSONValue)] = []
    var keys = Set<String>()
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw failure("expected a string key") }
      let keyPosition = position
      let key = try parseString()
      guard keys.insert(key).inserted else {
        position = keyPosition
        throw failure("duplicate key '\(key)'")
      }
      skipWhitespace()
      guard current == UInt8(ascii: ":") else { throw failure("expected ':'") }
      position += 1
      skipWhitespace()
      members.append((key, try parseValue(depth: depth)))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "}"):
        position += 1
        return .object(members)
      default: throw failure("expected ',' or '}'")
      }
    }
  }

  private mutating func parseArray(depth: Int) throws -> JSONValue {
    guard depth <= maximumDepth else { throw failure("nesting deeper than \(maximumDepth)") }
    position += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      position += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "]"):
        position += 1
        return .array(elements)
      default: throw failure("expected ',' or ']'")
      }
    }
  }

  private mutating func parseNumber() throws -> JSONValue {
    let start = position
    if current == UInt8(ascii: "-") { position += 1 }
    guard let first = current, isDigit(first) else { throw failure("invalid number") }
    position += 1
    if first != UInt8(ascii: "0") {
      while let byte = current, isDigit(byte) { position += 1 }
    }
    if current == UInt8(ascii: ".") {
      position += 1
      guard let byte = current, isDigit(byte) else { throw failure("invalid number") }
      while let byte = current, isDigit(byte) { position += 1 }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      position += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
      guard let byte = current, isDigit(byte) else { throw failure("invalid number") }
      while let byte = current, isDigit(byte) { position += 1 }
    }
    return .number(String(decoding: bytes[start..<position], as: UTF8.self))
  }

  private mutating func parseString() throws -> String {
    position += 1
    var scalars = String.UnicodeScalarView()
    var runStart = position
    while true {
      guard let byte = current else { throw failure("unterminated string") }
      if byte == UInt8(ascii: "\"") {
        try appendRun(from: runStart, to: position, into: &scalars)
        position += 1
        return String(scalars)
      }
      if byte < 0x20 { throw failure("control character \(describe(byte)) in a string") }
      if byte == UInt8(ascii: "\\") {
        try appendRun(from: runStart, to: position, into: &scalars)
        position += 1
        scalars.append(try parseEscape())
        runStart = position
        continue
      }
      position += 1
    }
  }

  private func appendRun(
    from start: Int,
    to end: Int,
    into scalars: inout String.UnicodeScalarView
  ) throws {
    guard start < end else { return }
    var decoder = UTF8()
    var iterator = bytes[start..<end].makeIterator()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): scalars.append(scalar)
      case .emptyInput: return
      case .error: throw WeightPackError(.invalidUTF8)
      }
    }
  }

  private mutating func parseEscape() throws -> Unicode.Scalar {
    guard let byte = current else { throw failure("unterminated escape") }
    position += 1
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let high = try parseHex4()
      if (0xD800..<0xDC00).contains(high) {
        guard current == UInt8(ascii: "\\") else { throw failure("lone surrogate") }
        position += 1
        guard current == UInt8(ascii: "u") else { throw failure("lone surrogate") }
        position += 1
        let low = try parseHex4()
        guard (0xDC00..<0xE000).contains(low) else { throw failure("lone surrogate") }
        let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        guard let scalar = Unicode.Scalar(combined) else { throw failure("bad escape") }
        return scalar
      }
      guard let scalar = Unicode.Scalar(high) else { throw failure("lone surrogate") }
      return scalar
    default: throw failure("invalid escape '\\\(describe(byte))'")
    }
  }

  private mutating func parseHex4() throws -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current, let digit = hexValue(byte) else {
        throw failure("invalid \\u escape")
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }
}

private func isDigit(_ byte: UInt8) -> Bool {
  byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

private func hexValue(_ byte: UInt8) -> UInt32? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
  case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
  case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
  default: return nil
  }
}

private func describe(_ byte: UInt8) -> String {
  byte >= 0x20 && byte < 0x7F
    ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
}
