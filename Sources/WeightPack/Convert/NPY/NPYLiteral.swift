/// One value of the Python literal that a `.npy` header holds, with where it starts.
///
/// Only the forms a header can contain are modelled: strings, decimal integers, `True`,
/// `False`, `None`, tuples, lists and dicts. Nothing here is ever evaluated.
indirect enum NPYLiteral: Equatable {
  /// A quoted string, its escapes resolved.
  case string(String)
  /// A decimal integer, kept as written (`-` sign and digits) so no size limit applies yet.
  case integer(String)
  /// `True` or `False`.
  case boolean(Bool)
  /// `None`.
  case none
  /// A parenthesised tuple; `(x)` without a comma is `x` itself, as in Python.
  case tuple([Located])
  /// A bracketed list.
  case list([Located])
  /// A braced dict, its entries in the order written.
  case dict([(key: Located, value: Located)])

  /// A literal and the file offset of its first byte (bytes from the start of the file).
  struct Located: Equatable {
    /// The value.
    var value: NPYLiteral
    /// The offset of the value's first byte in the file.
    var offset: UInt64
  }

  static func == (lhs: NPYLiteral, rhs: NPYLiteral) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.boolean(let a), .boolean(let b)): return a == b
    case (.none, .none): return true
    case (.tuple(let a), .tuple(let b)), (.list(let a), .list(let b)): return a == b
    case (.dict(let a), .dict(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  /// A short name of the value's kind, for messages (`"a tuple"`).
  var kindDescription: String {
    switch self {
    case .string: return "a string"
    case .integer: return "an integer"
    case .boolean: return "a bool"
    case .none: return "None"
    case .tuple: return "a tuple"
    case .list: return "a list"
    case .dict: return "a dict"
    }
  }
}
