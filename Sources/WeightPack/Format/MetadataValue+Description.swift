// How typed metadata reads in messages and in `wpk inspect`: numbers as in the manifest
// (floats as their shortest round-trip decimal), strings quoted, arrays in brackets.

extension MetadataValue: CustomStringConvertible {
  /// The value in full: `42`, `0.5`, `"llama"`, `[1, 2, 3]`.
  public var description: String { summary(maximumElementCount: .max) }

  /// The value with its type first, such as `u32 32`.
  public var typedDescription: String { "\(type.rawValue) \(description)" }

  /// The value with arrays cut after `maximumElementCount` elements (at every level), and
  /// the full count given: `["a", "b", … (32000 elements)]`.
  public func summary(maximumElementCount: Int) -> String {
    switch self {
    case .string(let text): return quoted(text)
    case .bool(let flag): return flag ? "true" : "false"
    case .array(_, let elements):
      var parts = elements.prefix(maximumElementCount).map {
        $0.summary(maximumElementCount: maximumElementCount)
      }
      if elements.count > maximumElementCount {
        parts.append("… (\(elements.count) elements)")
      }
      return "[" + parts.joined(separator: ", ") + "]"
    default:
      switch json {
      case .number(let text), .string(let text): return text
      default: return ""
      }
    }
  }
}

/// `text` in double quotes, with quotes, backslashes and control characters escaped.
private func quoted(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": result += "\\\""
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\t": result += "\\t"
    case "\r": result += "\\r"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F {
        result += "\\u{\(String(scalar.value, radix: 16))}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
  }
  return result + "\""
}
