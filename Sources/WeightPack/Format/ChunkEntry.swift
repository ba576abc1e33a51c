/// Where one chunk of a tensor is stored and how to check it.
public struct ChunkEntry: Sendable, Hashable {
  /// The offset of the chunk's first stored byte: bytes from the start of the file, a
  /// multiple of 64.
  public var offset: UInt64
  /// The chunk's length on disk in bytes.
  public var storedByteCount: UInt64
  /// The chunk's decoded length in bytes.
  public var byteCount: UInt64
  /// The CRC-32 of the decoded bytes.
  public var crc32: UInt32
  /// The stored length of each byte plane, when the tensor's filters include `byte-shuffle`
  /// and its codec is zlib; they sum to `storedByteCount`.
  public var planeByteCounts: [UInt64]?

  /// Creates a chunk entry.
  public init(
    offset: UInt64,
    storedByteCount: UInt64,
    byteCount: UInt64,
    crc32: UInt32,
    planeByteCounts: [UInt64]? = nil
  ) {
    self.offset = offset
    self.storedByteCount = storedByteCount
    self.byteCount = byteCount
    self.crc32 = crc32
    self.planeByteCounts = planeByteCounts
  }

  /// The offset just past the chunk's last stored byte.
  public var end: UInt64 { offset + storedByteCount }
}
