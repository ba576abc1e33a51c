// The `.npy` layout (numpy's `numpy/lib/format` docstring is the spec):
//
//   offset 0   6 bytes   magic \x93NUMPY
//   offset 6   2 bytes   major, minor version: 1.0, 2.0 or 3.0
//   offset 8   2 bytes   header length, little-endian (version 1.0)
//              4 bytes   header length, little-endian (versions 2.0 and 3.0)
//   then       a Python dict literal, Latin-1 (1.0, 2.0) or UTF-8 (3.0), padded with spaces
//              and a final newline, normally so the data starts at a multiple of 64
//   then       the elements, element count × item size bytes, C or Fortran order
//
// The reader checks these in file order and allocates nothing from a length that has not
// passed its bound: magic, version, header length against the limit and the file size,
// the literal, its keys and values, and finally that the data fills the file exactly.

/// The parsed header of a `.npy` file: the element type, layout and where the data lies.
struct NPYHeader: Sendable, Equatable {
  /// The six bytes every `.npy` file starts with: `\x93NUMPY`.
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  /// The default for the longest header text accepted, in bytes: 10000, numpy's own default
  /// (`max_header_size`), since a long literal only costs time and memory to parse.
  static let defaultMaximumHeaderByteCount = 10_000

  /// The most dimensions a `.npy` array may have here: 32 (numpy 2 allows 64, numpy 1 32).
  static let maximumRank = 32

  /// The major format version: 1, 2 or 3.
  var majorVersion: UInt8
  /// The minor format version: always 0.
  var minorVersion: UInt8
  /// The element type.
  var dtype: DType
  /// Whether the elements are stored big-endian and must be byte-swapped when read.
  var isBigEndian: Bool
  /// Whether the elements are stored in column-major (Fortran) order.
  var isFortranOrder: Bool
  /// The dimensions, outermost first, as the header lists them.
  var shape: Shape
  /// Where the elements start: bytes from the start of the file.
  var dataOffset: UInt64
  /// How many bytes the elements take: element count × item size.
  var dataByteCount: UInt64

  /// The version as `1.0`.
  var versionDescription: String { "\(majorVersion).\(minorVersion)" }

  /// Reads and checks the header of `file`, and checks that the data fills the file exactly.
  ///
  /// Only the header is read; the data is not touched.
  ///
  /// - Parameters:
  ///   - file: The open file.
  ///   - maximumHeaderByteCount: The longest header text accepted, in bytes.
  ///   - maximumRank: The most dimensions accepted.
  /// - Returns: The header.
  /// - Throws: `WeightPackError` of kind `.truncated`, `.malformedHeader`,
  ///   `.unsupportedVersion`, `.rankTooLarge`, `.invalidDimension` or `.sizeOverflow`, with the
  ///   path and the offset of the problem.
  static func read(
    from file: SystemFile,
    maximumHeaderByteCount: Int = defaultMaximumHeaderByteCount,
    maximumRank: Int = NPYHeader.maximumRank
  ) throws -> NPYHeader {
    try withContext(path: file.path) {
      let wanted = UInt64(prefixByteCount(maximumHeaderByteCount: maximumHeaderByteCount))
      let prefix = try file.read(count: Int(min(file.size, wanted)), at: 0)
      let header = try parse(
        prefix: prefix, maximumHeaderByteCount: maximumHeaderByteCount, maximumRank: maximumRank)
      try header.checkDataFills(fileSize: file.size)
      return header
    }
  }

  /// The most bytes a header can take: magic, version, a 4-byte length and the longest text.
  ///
  /// Reading this many bytes (or the whole array, if shorter) is enough for `parse`.
  static func prefixByteCount(maximumHeaderByteCount: Int) -> Int {
    12 + max(0, min(maximumHeaderByteCount, Int(UInt32.max)))
  }

  /// Parses the header from the first bytes of a `.npy` array, wherever it is stored.
  ///
  /// Offsets in the header and in errors count from `prefix[0]`, the array's first byte.
  /// The caller checks that the data fills the array (`checkDataFills`).
  ///
  /// - Parameters:
  ///   - prefix: The array's first bytes: `prefixByteCount(...)` of them, or all of a shorter
  ///     array.
  ///   - maximumHeaderByteCount: The longest header text accepted, in bytes.
  ///   - maximumRank: The most dimensions accepted.
  /// - Returns: The header.
  /// - Throws: `WeightPackError` as `read(from:maximumHeaderByteCount:maximumRank:)` does,
  ///   without a path.
  static func parse(
    prefix: [UInt8],
    maximumHeaderByteCount: Int = defaultMaximumHeaderByteCount,
    maximumRank: Int = NPYHeader.maximumRank
  ) throws -> NPYHeader {
    let (major, minor) = try readVersion(from: prefix)
    let lengthByteCount = major == 1 ? 2 : 4
    let textOffset = 8 + lengthByteCount
    let textByteCount = try readTextLength(
      from: prefix, byteCount: lengthByteCount, limit: maximumHeaderByteCount)
    try require(textByteCount, at: textOffset, in: prefix, for: "header")
    let text = Array(prefix[textOffset..<textOffset + textByteCount])
    let fields = try NPYHeader.fields(
      of: text, offset: UInt64(textOffset), isUTF8: major == 3, maximumRank: maximumRank)
    let (dataByteCount, overflow) = fields.shape.elementCount.multipliedReportingOverflow(
      by: UInt64(fields.dtype.unitByteCount))
    if overflow { throw WeightPackError(.sizeOverflow, offset: fields.shapeOffset) }
    return NPYHeader(
      majorVersion: major, minorVersion: minor, dtype: fields.dtype,
      isBigEndian: fields.isBigEndian, isFortranOrder: fields.isFortranOrder,
      shape: fields.shape, dataOffset: UInt64(textOffset + textByteCount),
      dataByteCount: dataByteCount)
  }

  /// Checks that the file is exactly as long as the header and data need.
  ///
  /// - Throws: `.truncated` at the data offset when bytes are missing, or `.malformedHeader`
  ///   at the first extra byte when bytes are left over.
  func checkDataFills(fileSize: UInt64) throws {
    let available = fileSize - min(fileSize, dataOffset)
    if available < dataByteCount {
      throw WeightPackError(
        .truncated(needed: dataByteCount, available: available), offset: dataOffset,
        underlying: "reading the array data")
    }
    if available > dataByteCount {
      let extra = available - dataByteCount
      throw WeightPackError(
        .malformedHeader(
          format: "npy",
          reason: "\(extra) bytes follow the array's \(dataByteCount) bytes of data"),
        offset: dataOffset + dataByteCount)
    }
  }

  // MARK: - Fixed fields

  private static func readVersion(from prefix: [UInt8]) throws -> (UInt8, UInt8) {
    try require(8, at: 0, in: prefix, for: "magic and version")
    guard Array(prefix[0..<6]) == magic else {
      throw WeightPackError(
        .malformedHeader(
          format: "npy",
          reason: "magic is \(hex(Array(prefix[0..<6]))), expected \(hex(magic))"),
        offset: 0)
    }
    let (major, minor) = (prefix[6], prefix[7])
    guard (1...3).contains(major), minor == 0 else {
      throw WeightPackError(
        .unsupportedVersion(found: "\(major).\(minor)", newest: "3.0"), offset: 6)
    }
    return (major, minor)
  }

  private static func readTextLength(
    from prefix: [UInt8],
    byteCount: Int,
    limit: Int
  ) throws -> Int {
    try require(byteCount, at: 8, in: prefix, for: "header length")
    var reader = ByteReader(Array(prefix[8..<8 + byteCount]), baseOffset: 8)
    let length =
      byteCount == 2
      ? UInt64(try reader.readInteger(as: UInt16.self, for: "header length"))
      : UInt64(try reader.readInteger(as: UInt32.self, for: "header length"))
    guard length <= UInt64(max(limit, 0)), let count = Int(exactly: length) else {
      throw WeightPackError(
        .malformedHeader(
          format: "npy",
          reason: "header is \(length) bytes, limit is \(limit) (maximumHeaderByteCount)"),
        offset: 8)
    }
    return count
  }

  /// Throws `.truncated` unless `count` bytes exist at `offset` in `prefix`.
  ///
  /// `prefix` holds the whole array whenever it is shorter than `prefixByteCount`, and every
  /// header read ends within that bound, so a short prefix means a short array.
  private static func require(
    _ count: Int,
    at offset: Int,
    in prefix: [UInt8],
    for purpose: String
  ) throws {
    let available = prefix.count - min(prefix.count, offset)
    guard available >= count else {
      throw WeightPackError(
        .truncated(needed: UInt64(count), available: UInt64(available)),
        offset: UInt64(offset), underlying: "reading the \(purpose)")
    }
  }

  private static func hex(_ bytes: [UInt8]) -> String {
    "0x"
      + bytes.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
      }.joined()
  }
}
