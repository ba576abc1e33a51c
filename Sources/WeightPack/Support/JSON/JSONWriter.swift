/// Writes `JSONValue` as compact or indented UTF-8 text, byte for byte reproducibly.
///
/// Object members come out in the order they are stored; strings escape only `"`, `\` and
/// control characters (as `\n`, `\t`, ... or `\u00XX`), so non-ASCII text stays readable.
package enum JSONWriter {
  /// Returns the compact text of `value`, with no whitespace between tokens.
  package static func compact(_ value: JSONValue) -> [UInt8] {
    var output: [UInt8] = []
    write(value, into: &output, indent: nil, level: 0)
    return output
  }

  /// Returns `value` as text indented by two spaces per level, ending with a newline.
  package static func pretty(_ value: JSONValue) -> String {
    var output: [UInt8] = []
    write(value, into: &output, indent: 2, level: 0)
    output.append(0x0A)
    return String(decoding: output, as: UTF8.self)
  }

  private static func write(
    _ value: JSONValue,
    into output: inout [UInt8],
    indent: Int?,
    level: Int
  ) {
    switch value {
    case .null: output += Array("null".utf8)
    case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
    case .number(let text): output += Array(text.utf8)
    case .string(let text): writeString(text, into: &output)
    case .array(let elements):
      writeContainer(
        open: "[", close: "]", count: elements.count, into: &output, indent: indent,
        level: level
      ) { index, output in
        write(elements[index], into: &output, indent: indent, level: level + 1)
      }
    case .object(let members):
      writeContainer(
        open: "{", close: "}", count: members.count, into: &output, indent: indent,
        level: level
      ) { index, output in
        writeString(members[index].0, into: &output)
        output.append(UInt8(ascii: ":"))
        if indent != nil { output.append(0x20) }
        write(members[index].1, into: &output, indent: indent, level: level + 1)
      }
    }
  }

  private static func writeContainer(
    open: Unicode.Scalar,
    close: Unicode.Scalar,
    count: Int,
    into output: inout [UInt8],
    indent: Int?,
    level: Int,
    element: (Int, inout [UInt8]) -> Void
  ) {
    output.append(UInt8(ascii: open))
    for index in 0..<count {
      if index > 0 { output.append(UInt8(ascii: ",")) }
      if let indent { newline(into: &output, spaces: indent * (level + 1)) }
      element(index, &output)
    }
    if let indent, count > 0 { newline(into: &output, spaces: indent * level) }
    output.append(UInt8(ascii: close))
  }

  private static func newline(into output: inout [UInt8], spaces: Int) {
    output.append(0x0A)
    output += repeatElement(0x20, count: spaces)
  }

  private static func writeString(_ text: String, into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): output += [0x5C, 0x22]
      case UInt8(ascii: "\\"): output += [0x5C, 0x5C]
      case 0x0A: output += [0x5C, UInt8(ascii: "n")]
      case 0x0D: output += [0x5C, UInt8(ascii: "r")]
      case 0x09: output += [0x5C, UInt8(ascii: "t")]
      case 0..<0x20:
        let hexDigits = Array("0123456789abcdef".utf8)
        output += Array("\\u00".utf8)
        output.append(hexDigits[Int(byte >> 4)])
        output.append(hexDigits[Int(byte & 0x0F)])
      default: output.append(byte)
      }
    }
    output.append(UInt8(ascii: "\""))
  }
}
