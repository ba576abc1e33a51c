extension TensorSource {
  /// Streams tensor `index`, whose dtype is F64, F32, F16 or BF16, as exact `Double` values:
  /// the source's pieces, cut back to whole elements (a piece may end inside one, whose bytes
  /// then open the next).
  ///
  /// - Parameters:
  ///   - index: The tensor's position in `tensors`.
  ///   - dtype: The tensor's dtype.
  ///   - body: Called with consecutive runs of values, in row-major order.
  /// - Throws: What reading or `body` throws.
  func readValues(at index: Int, as dtype: DType, _ body: ([Double]) throws -> Void) throws {
    let width = dtype.unitByteCount
    var carry: [UInt8] = []
    try readTensor(at: index) { piece in
      let bytes = carry.isEmpty ? piece : carry + piece
      let whole = bytes.count / width * width
      carry = Array(bytes[whole...])
      guard whole > 0 else { return }
      // Safe because `whole` <= bytes.count, so the rebased range lies inside the buffer.
      try body(
        bytes.withUnsafeBytes {
          FloatConversion.doubles(UnsafeRawBufferPointer(rebasing: $0[..<whole]), as: dtype)
        })
    }
  }
}
