// `np.save` (numpy 2.x, `_write_array_header`) writes the dict's keys sorted, each as
// `'key': repr(value), `, then `}`; then 21 − len(repr(shape[0])) spaces so the first
// dimension can later grow in place (none for a 0-d array); then pads with spaces and one
// final newline so that magic, version, length and header end on a multiple of 64. When
// padding always adds at least one space: a text already ending on the boundary gets 64.
// It writes version 1.0 unless the length no longer fits 16 bits, then 2.0.

extension NPYHeader {
  /// The data alignment `np.save` pads to, in bytes (numpy's `ARRAY_ALIGN`).
  static let alignment = 64

  /// The spare width numpy leaves for the first dimension (`GROWTH_AXIS_MAX_DIGITS`).
  static let growthAxisDigitCount = 21

  /// The bytes `np.save` writes before the data of a C-order, little-endian array.
  ///
  /// - Parameters:
  ///   - dtype: The element type; not BF16.
  ///   - shape: The dimensions, outermost first.
  /// - Returns: Magic, version, header length and padded header, a multiple of 64 bytes.
  /// - Throws: `WeightPackError` of kind `.unsupportedDType` for BF16.
  static func encoded(dtype: DType, shape: Shape) throws -> [UInt8] {
    guard let descr = descr(for: dtype) else {
      throw WeightPackError(.unsupportedDType(format: "npy", dtype: dtype.rawValue))
    }
    let dimensions = shape.dimensions.map(String.init)
    let shapeText =
      dimensions.count == 1 ? "(\(dimensions[0]),)" : "(" + dimensions.joined(separator: ", ") + ")"
    var text = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
    if let first = dimensions.first {
      text += String(repeating: " ", count: max(0, growthAxisDigitCount - first.count))
    }
    let body = Array(text.utf8)
    if let bytes = wrapped(body, lengthByteCount: 2) { return bytes }
    return wrapped(body, lengthByteCount: 4) ?? []
  }

  /// Magic, version and length before `body` padded to the alignment, or `nil` if the
  /// length does not fit in `lengthByteCount` bytes.
  private static func wrapped(_ body: [UInt8], lengthByteCount: Int) -> [UInt8]? {
    let unpadded = magic.count + 2 + lengthByteCount + body.count + 1
    let padding = alignment - unpadded % alignment
    let length = UInt64(body.count + padding + 1)
    guard length < UInt64(1) << (8 * lengthByteCount) else { return nil }
    var bytes = magic + [lengthByteCount == 2 ? 1 : 2, 0]
    for index in 0..<lengthByteCount {
      bytes.append(UInt8(truncatingIfNeeded: length >> (8 * UInt64(index))))
    }
    bytes += body
    bytes += [UInt8](repeating: 0x20, count: padding)
    bytes.append(0x0A)
    return bytes
  }
}
