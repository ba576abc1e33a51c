// Casting between the IEEE-style float dtypes rounds to the nearest representable value, ties
// to even, as numpy, ml_dtypes and torch do. All four dtypes widen to a binary64 exactly, so
// a cast decodes to `Double` and rounds once to the target, except to BF16, which rounds to
// binary32 first (as ml_dtypes does) and can therefore differ, from F64 only, from a single
// rounding in the last bit on rare ties. NaN stays NaN (quiet), infinities stay
// infinite, and values beyond a narrow type's range become infinities.

/// Converts little-endian float elements from one dtype to another.
enum FloatConversion {
  /// The dtypes a cast can go from or to.
  static let dtypes: Set<DType> = [.float64, .float32, .float16, .bfloat16]

  /// Converts whole elements of `source` (little-endian `from`) to little-endian `to`.
  ///
  /// - Parameters:
  ///   - source: The input; its length must be a multiple of `from`'s size.
  ///   - from: The input's dtype, one of `dtypes`.
  ///   - to: The output's dtype, one of `dtypes`.
  /// - Returns: The converted elements, `source.count / from.size * to.size` bytes.
  static func convert(_ source: UnsafeRawBufferPointer, from: DType, to: DType) -> [UInt8] {
    // Every one of these dtypes widens to a Double exactly, so one rounding happens, in
    // `bytes` (BF16 through binary32, as documented above).
    from == to ? Array(source) : bytes(doubles(source, as: from), as: to)
  }

  /// Decodes whole little-endian elements of `dtype` (one of `dtypes`) to `Double`, exactly.
  static func doubles(_ source: UnsafeRawBufferPointer, as dtype: DType) -> [Double] {
    let count = source.count / dtype.unitByteCount
    return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      for index in 0..<count {
        switch dtype {
        case .float64:
          buffer[index] = Double(
            bitPattern: UInt64(littleEndian: load(source, index, as: UInt64.self)))
        case .float32:
          buffer[index] = Double(
            Float(bitPattern: UInt32(littleEndian: load(source, index, as: UInt32.self))))
        case .float16:
          buffer[index] = Double(
            Float16(bitPattern: UInt16(littleEndian: load(source, index, as: UInt16.self))))
        default:
          let bits = UInt32(UInt16(littleEndian: load(source, index, as: UInt16.self))) << 16
          buffer[index] = Double(Float(bitPattern: bits))
        }
      }
      initialized = count
    }
  }

  /// Encodes `values` as little-endian elements of `dtype` (one of `dtypes`), rounding to
  /// nearest even (BF16 through binary32, as `convert` does).
  static func bytes(_ values: [Double], as dtype: DType) -> [UInt8] {
    uninitializedBytes(values.count * dtype.unitByteCount) { output in
      for (index, value) in values.enumerated() {
        switch dtype {
        case .float64: store(value.bitPattern, output, index)
        case .float32: store(Float(value).bitPattern, output, index)
        case .float16: store(Float16(value).bitPattern, output, index)
        default: store(bfloat16Bits(Float(value)), output, index)
        }
      }
    }
  }

  /// The machine epsilon of `dtype`'s precision (binary32's for F16 and BF16, which are
  /// computed in it).
  static func epsilon(of dtype: DType) -> Double {
    dtype == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne)
  }

  /// The bfloat16 nearest to `value` (ties to even), as its bit pattern.
  static func bfloat16Bits(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
    let rounding: UInt32 = 0x7FFF + ((bits >> 16) & 1)
    return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
  }

  private static func load<T: FixedWidthInteger>(
    _ source: UnsafeRawBufferPointer,
    _ index: Int,
    as type: T.Type
  ) -> T {
    // Safe because `index` < count = source.count / size, so the element is inside `source`.
    source.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self)
  }

  private static func store<T: FixedWidthInteger>(
    _ value: T,
    _ output: UnsafeMutableRawBufferPointer,
    _ index: Int
  ) {
    // Safe because `output` holds count elements of T and `index` < count.
    output.storeBytes(
      of: value.littleEndian, toByteOffset: index * MemoryLayout<T>.size, as: T.self)
  }
}
