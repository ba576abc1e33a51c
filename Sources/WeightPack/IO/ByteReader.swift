/// Reads little-endian values from a byte array, checking the bytes left before every read.
///
/// `read…` methods consume bytes; errors carry the file offset of the failed read, counted
/// from the start of the file (`baseOffset` is the offset of the array's first byte).
struct ByteReader {
  private let bytes: [UInt8]
  private let baseOffset: UInt64
  /// The index of the next byte to read.
  private(set) var position = 0

  /// Creates a reader over `bytes`, which start at `baseOffset` in the file.
  init(_ bytes: [UInt8], baseOffset: UInt64 = 0) {
    self.bytes = bytes
    self.baseOffset = baseOffset
  }

  /// The number of bytes not yet read.
  var remaining: Int { bytes.count - position }

  /// The file offset of the next byte.
  var offset: UInt64 { baseOffset + UInt64(position) }

  /// Reads a little-endian integer.
  ///
  /// - Parameters:
  ///   - type: The integer type to read.
  ///   - purpose: What the bytes are, for the error message (`"trailer"`).
  /// - Returns: The value, converted from little-endian to the host's byte order.
  /// - Throws: `WeightPackError` of kind `.truncated` if too few bytes are left.
  mutating func readInteger<T: FixedWidthInteger>(as type: T.Type, for purpose: String) throws
    -> T
  {
    let size = MemoryLayout<T>.size
    try require(size, for: purpose)
    let value = bytes.withUnsafeBytes { buffer in
      // Safe because remaining >= size was checked above.
      buffer.loadUnaligned(fromByteOffset: position, as: T.self)
    }
    position += size
    return T(littleEndian: value)
  }

  /// Reads `count` bytes.
  ///
  /// - Throws: `WeightPackError` of kind `.truncated` if fewer than `count` bytes are left.
  mutating func readBytes(_ count: Int, for purpose: String) throws -> [UInt8] {
    try require(count, for: purpose)
    defer { position += count }
    return Array(bytes[position..<position + count])
  }

  /// Returns the next byte without consuming it, or `nil` at the end.
  func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

  private func require(_ count: Int, for purpose: String) throws {
    guard count >= 0, remaining >= count else {
      throw WeightPackError(
        .truncated(needed: UInt64(max(count, 0)), available: UInt64(max(remaining, 0))),
        offset: offset, underlying: "reading \(purpose)")
    }
  }
}
