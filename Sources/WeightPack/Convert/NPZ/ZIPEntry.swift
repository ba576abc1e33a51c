/// One member of a ZIP archive, as its central directory entry describes it, with ZIP64
/// values already substituted.
struct ZIPEntry: Sendable, Equatable {
  /// The member's name as stored (UTF-8; ASCII in archives numpy writes).
  var name: String
  /// The name's bytes, compared with the local header's.
  var nameBytes: [UInt8]
  /// The general-purpose flags.
  var flags: UInt16
  /// The compression method: 0 stored or 8 deflated (others are refused).
  var method: UInt16
  /// The CRC-32 of the uncompressed bytes.
  var crc32: UInt32
  /// The bytes the member takes in the archive.
  var compressedByteCount: UInt64
  /// The bytes the member decodes to: the whole `.npy` file.
  var uncompressedByteCount: UInt64
  /// Where the member's local header starts: bytes from the start of the archive.
  var localHeaderOffset: UInt64
  /// Where the central directory entry starts, for errors about it.
  var entryOffset: UInt64

  /// Whether the member is deflated rather than stored.
  var isDeflated: Bool { method == ZIPLayout.methodDeflated }
}
