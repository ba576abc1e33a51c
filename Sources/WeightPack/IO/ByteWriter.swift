/// Builds a byte array of little-endian values.
struct ByteWriter {
  /// The bytes written so far.
  private(set) var bytes: [UInt8] = []

  /// Appends an integer in little-endian byte order.
  mutating func append<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
  }

  /// Appends raw bytes.
  mutating func append(_ raw: [UInt8]) {
    bytes += raw
  }

  /// Appends `count` zero bytes.
  mutating func appendZeros(_ count: Int) {
    bytes += repeatElement(0, count: count)
  }
}
