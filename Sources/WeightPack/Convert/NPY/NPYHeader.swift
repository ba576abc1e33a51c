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
      let (major, minor) = try readVersion(from: file)
      let lengthByteCount = major == 1 ? 2 : 4
      let textOffset = UInt64(8 + lengthByteCount)
      let textByteCount = try readTextLength(
        from: file, byteCount: lengthByteCount, limit: maximumHeaderByteCount)
      try require(UInt64(textByteCount), at: textOffset, in: file, for: "header")
      let text = try file.read(count: textByteCount, at: textOffset)
      let fields = try NPYHeader.fields(
        of: text, offset: textOffset, isUTF8: major == 3, maximumRank: maximumRank)
      let (dataByteCount, overflow) = fields.shape.elementCount.multipliedReportingOverflow(
        by: UInt64(fields.dtype.unitByteCount))
      if overflow { throw WeightPackError(.sizeOverflow, offset: fields.shapeOffset) }
      let header = NPYHeader(
        majorVersion: major, minorVersion: minor, dtype: fields.dtype,
        isBigEndian: fields.isBigEndian, isFortranOrder: fields.isFortranOrder,
        shape: fields.shape, dataOffset: textOffset + UInt64(textByteCount),
        dataByteCount: dataByteCount)
      try header.checkDataFills(fileSize: file.size)
      return header
    }
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

  private static func readVersion(from file: SystemFile) throws -> (UInt8, UInt8) {
    try require(8, at: 0, in: file, for: "magic and version")
    let prefix = try file.read(count: 8, at: 0)
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
    from file: SystemFile,
    byteCount: Int,
    limit: Int
  ) throws -> Int {
    try require(UInt64(byteCount), at: 8, in: file, for: "header length")
    var reader = ByteReader(try file.read(count: byteCount, at: 8), baseOffset: 8)
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

  /// Throws `.truncated` unless `count` bytes exist at `offset`.
  private static func require(
    _ count: UInt64,
    at offset: UInt64,
    in file: SystemFile,
    for purpose: String
  ) throws {
    let available = file.size - min(file.size, offset)
    guard available >= count else {
      throw WeightPackError(
        .truncated(needed: count, available: available), offset: offset,
        underlying: "reading the \(purpose)")
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
