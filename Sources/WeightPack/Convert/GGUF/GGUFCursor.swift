/// Reads a GGUF header from an open file front to back, checking the bytes left in the file
/// before every read, so no length read from the file sizes an allocation it cannot fill.
///
/// Reads go through a window of at least 64 KiB filled with positioned reads, so a header
/// with many small values costs few system calls and the file is never read whole. Nothing
/// past `limit` (the header size limit) is read.
struct GGUFCursor {
  /// The size of a window refill, in bytes, when a read is smaller.
  static let windowByteCount = 1 << 16

  private let file: SystemFile
  private let limit: UInt64
  /// The offset of the next byte to read, from the start of the file.
  private(set) var offset: UInt64 = 0
  private var window: [UInt8] = []
  private var windowStart: UInt64 = 0

  /// Creates a cursor at offset 0 that refuses to read past `limit` bytes.
  init(file: SystemFile, limit: UInt64) {
    self.file = file
    self.limit = limit
  }

  /// The bytes between the cursor and the end of the file.
  var remaining: UInt64 { file.size > offset ? file.size - offset : 0 }

  /// Reads `count` bytes.
  ///
  /// - Throws: `WeightPackError` of kind `.truncated` if the file has fewer bytes left, or
  ///   `.malformedGGUF` with `.headerTooLarge` if they reach past the limit; the offset is
  ///   the cursor's.
  mutating func bytes(_ count: UInt64, for purpose: String) throws -> [UInt8] {
    guard count <= remaining else {
      throw WeightPackError(
        .truncated(needed: count, available: remaining), offset: offset,
        underlying: "reading \(purpose)")
    }
    let end = offset + count
    guard end <= limit else {
      throw WeightPackError(.malformedGGUF(.headerTooLarge(limit: limit)), offset: offset)
    }
    // Both fit an Int: they are below `limit`, the manifest limit.
    let length = Int(count)
    if offset < windowStart || end > windowStart + UInt64(window.count) {
      let fill = min(UInt64(max(length, Self.windowByteCount)), min(file.size, limit) - offset)
      window = try file.read(count: Int(fill), at: offset)
      windowStart = offset
    }
    let start = Int(offset - windowStart)
    offset = end
    return Array(window[start..<start + length])
  }

  /// Reads a little-endian integer.
  mutating func integer<T: FixedWidthInteger>(_: T.Type, for purpose: String) throws -> T {
    let raw = try bytes(UInt64(MemoryLayout<T>.size), for: purpose)
    var value: UInt64 = 0
    for (index, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * index) }
    return T(truncatingIfNeeded: value)
  }

  /// Reads a GGUF string: a `u64` byte count, then that many bytes of UTF-8.
  ///
  /// - Throws: `WeightPackError` of kind `.truncated` when the length passes the end of the
  ///   file (checked before anything is allocated), or `.malformedGGUF` with `.invalidUTF8`.
  mutating func string(for purpose: String) throws -> String {
    let start = offset
    let count = try integer(UInt64.self, for: "\(purpose) length")
    let bytes = try bytes(count, for: purpose)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw WeightPackError(.malformedGGUF(.invalidUTF8(subject: purpose)), offset: start)
    }
    return text
  }
}
