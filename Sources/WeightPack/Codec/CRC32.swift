/// A running CRC-32 (the ISO 3309 polynomial used by zlib, PNG and ZIP).
public struct CRC32: Sendable, Hashable {
  /// The CRC of all bytes added so far; 0 before any.
  public private(set) var value: UInt32 = 0

  /// Creates a CRC of no bytes.
  public init() {}

  /// Adds `bytes` to the checksum.
  public mutating func update(_ bytes: [UInt8]) {
    value = bytes.withUnsafeBytes { ZlibCodec.crc32(value, $0) }
  }

  /// Returns the CRC-32 of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var crc = CRC32()
    crc.update(bytes)
    return crc.value
  }
}
