extension NPYHeader {
  /// The three values a header dict holds, checked and converted.
  struct Fields {
    /// The element type, from `descr`.
    var dtype: DType
    /// Whether `descr` says big-endian.
    var isBigEndian: Bool
    /// `fortran_order`.
    var isFortranOrder: Bool
    /// `shape`.
    var shape: Shape
    /// The file offset of the shape's value, for errors about the data size.
    var shapeOffset: UInt64
  }

  /// The keys a header dict must hold, each exactly once, in any order.
  static let keys = ["descr", "fortran_order", "shape"]

  /// Parses the header text and checks its keys and values.
  ///
  /// - Parameters:
  ///   - text: The header's bytes, padding included.
  ///   - offset: The file offset of `text[0]`.
  ///   - isUTF8: Whether the text is UTF-8 (version 3.0) rather than Latin-1.
  ///   - maximumRank: The most dimensions accepted.
  /// - Returns: The fields.
  /// - Throws: `WeightPackError` of kind `.malformedHeader`, `.rankTooLarge`,
  ///   `.invalidDimension` or `.sizeOverflow`, at the offset of the value at fault.
  static func fields(
    of text: [UInt8],
    offset: UInt64,
    isUTF8: Bool,
    maximumRank: Int
  ) throws -> Fields {
    if isUTF8, String(validating: text, as: UTF8.self) == nil {
      throw malformed("version 3.0 header is not valid UTF-8", at: offset)
    }
    let literal = try NPYLiteralParser.parse(text, baseOffset: offset, isUTF8: isUTF8)
    let values = try entries(of: literal)
    let descr = try value(values, "descr", in: literal)
    let fortranOrder = try value(values, "fortran_order", in: literal)
    let shape = try value(values, "shape", in: literal)

    let (dtype, isBigEndian) = try dtype(from: descr)
    guard case .boolean(let isFortranOrder) = fortranOrder.value else {
      throw malformed(
        "fortran_order is \(fortranOrder.value.kindDescription), expected True or False",
        at: fortranOrder.offset)
    }
    return Fields(
      dtype: dtype, isBigEndian: isBigEndian, isFortranOrder: isFortranOrder,
      shape: try self.shape(from: shape, maximumRank: maximumRank), shapeOffset: shape.offset)
  }

  /// A `.malformedHeader` error for npy at `offset`.
  static func malformed(_ reason: String, at offset: UInt64) -> WeightPackError {
    WeightPackError(.malformedHeader(format: "npy", reason: reason), offset: offset)
  }

  // MARK: - Keys

  private static func entries(
    of literal: NPYLiteral.Located
  ) throws -> [String: NPYLiteral.Located] {
    guard case .dict(let entries) = literal.value else {
      throw malformed(
        "header is \(literal.value.kindDescription), expected a dict", at: literal.offset)
    }
    var values: [String: NPYLiteral.Located] = [:]
    for (key, value) in entries {
      guard case .string(let name) = key.value else {
        throw malformed(
          "dict key is \(key.value.kindDescription), expected a string", at: key.offset)
      }
      guard keys.contains(name) else {
        let known = keys.joined(separator: ", ")
        throw malformed("unknown key '\(name)' (keys are \(known))", at: key.offset)
      }
      guard values[name] == nil else {
        throw malformed("key '\(name)' appears twice", at: key.offset)
      }
      values[name] = value
    }
    return values
  }

  private static func value(
    _ values: [String: NPYLiteral.Located],
    _ key: String,
    in dict: NPYLiteral.Located
  ) throws -> NPYLiteral.Located {
    guard let value = values[key] else {
      throw malformed("key '\(key)' is missing", at: dict.offset)
    }
    return value
  }

  // MARK: - Values

  private static func dtype(from descr: NPYLiteral.Located) throws -> (DType, Bool) {
    switch descr.value {
    case .string(let text):
      return try dtype(forDescr: text, at: descr.offset)
    case .list:
      throw malformed(
        "descr is a list: structured dtypes (record arrays) are not supported",
        at: descr.offset)
    default:
      throw malformed(
        "descr is \(descr.value.kindDescription), expected a string", at: descr.offset)
    }
  }

  private static func shape(
    from literal: NPYLiteral.Located,
    maximumRank: Int
  ) throws -> Shape {
    guard case .tuple(let items) = literal.value else {
      throw malformed(
        "shape is \(literal.value.kindDescription), expected a tuple of integers",
        at: literal.offset)
    }
    guard items.count <= maximumRank else {
      throw WeightPackError(
        .rankTooLarge(rank: items.count, limit: maximumRank), offset: literal.offset)
    }
    var dimensions: [UInt64] = []
    for item in items {
      guard case .integer(let text) = item.value else {
        throw malformed(
          "shape holds \(item.value.kindDescription), expected integers", at: item.offset)
      }
      if text.hasPrefix("-"), text.contains(where: { $0 != "-" && $0 != "0" }) {
        throw WeightPackError(.invalidDimension("\(text) is negative"), offset: item.offset)
      }
      guard let dimension = UInt64(text.hasPrefix("-") ? "0" : text), dimension <= Int64.max
      else {
        throw WeightPackError(
          .invalidDimension("\(text) is larger than \(Int64.max)"), offset: item.offset)
      }
      dimensions.append(dimension)
    }
    do {
      return try Shape(dimensions)
    } catch let error as WeightPackError {
      throw error.adding(offset: literal.offset)
    }
  }
}
