/// The inner loops of the filters: bit rotation and byte shuffle, for elements of 2, 4 or 8
/// bytes (Spec/FORMAT.md, "Codecs and filters").
///
/// They run on every byte read or written, so they work on raw buffers, eight elements per
/// step as one SIMD vector: each step writes (or reads) one 8-byte group in every plane,
/// instead of one byte per element and plane. Elements are in the host's byte order, which
/// must be little-endian, like the files (x86-64 and arm64 are).
#if _endian(big)
  #error("the filter kernels read elements in the host byte order, which must be little-endian")
#endif

enum FilterKernels {
  /// Rotates each element left by one bit (if `rotate`) and splits the elements into byte
  /// planes (if `shuffle`); `output` has `input`'s length.
  static func forward<T: FixedWidthInteger & UnsignedInteger & SIMDScalar>(
    _ input: UnsafeRawBufferPointer,
    _ output: UnsafeMutableRawBufferPointer,
    _: T.Type,
    rotate: Bool,
    shuffle: Bool
  ) {
    let width = MemoryLayout<T>.size
    let count = input.count / width
    guard let source = input.baseAddress, let target = output.baseAddress, count > 0 else {
      return
    }
    guard shuffle else {
      for index in 0..<count {
        // Safe because index < count = input.count / width, and output has input's length.
        let value = source.loadUnaligned(fromByteOffset: index * width, as: T.self)
        target.storeBytes(of: rotated(value, rotate), toByteOffset: index * width, as: T.self)
      }
      return
    }
    let blocks = count / 8
    for block in 0..<blocks {
      // Safe because the 8 elements from block * 8 lie inside input (block < count / 8).
      var lanes = source.loadUnaligned(fromByteOffset: block * 8 * width, as: SIMD8<T>.self)
      if rotate { lanes = lanes &<< 1 | lanes &>> T(T.bitWidth - 1) }
      for plane in 0..<width {
        let bytes = SIMD8<UInt8>(truncatingIfNeeded: lanes &>> T(plane * 8))
        // Safe because plane * count + block * 8 + 8 <= (plane + 1) * count <= output.count.
        target.storeBytes(
          of: bytes, toByteOffset: plane * count + block * 8, as: SIMD8<UInt8>.self)
      }
    }
    for index in blocks * 8..<count {
      // Safe because index < count.
      let value = rotated(
        source.loadUnaligned(fromByteOffset: index * width, as: T.self), rotate)
      for plane in 0..<width {
        target.storeBytes(
          of: UInt8(truncatingIfNeeded: value >> (plane * 8)), toByteOffset: plane * count + index,
          as: UInt8.self)
      }
    }
  }

  /// Joins byte planes back into elements (if `shuffle`) and rotates each element right by
  /// one bit (if `rotate`); `output` has `input`'s length.
  static func backward<T: FixedWidthInteger & UnsignedInteger & SIMDScalar>(
    _ input: UnsafeRawBufferPointer,
    _ output: UnsafeMutableRawBufferPointer,
    _: T.Type,
    rotate: Bool,
    shuffle: Bool
  ) {
    let width = MemoryLayout<T>.size
    let count = input.count / width
    guard let source = input.baseAddress, let target = output.baseAddress, count > 0 else {
      return
    }
    guard shuffle else {
      for index in 0..<count {
        // Safe because index < count = input.count / width, and output has input's length.
        let value = source.loadUnaligned(fromByteOffset: index * width, as: T.self)
        target.storeBytes(
          of: unrotated(value, rotate), toByteOffset: index * width, as: T.self)
      }
      return
    }
    let blocks = count / 8
    for block in 0..<blocks {
      var lanes = SIMD8<T>()
      for plane in 0..<width {
        // Safe because plane * count + block * 8 + 8 <= (plane + 1) * count <= input.count.
        let bytes = source.loadUnaligned(
          fromByteOffset: plane * count + block * 8, as: SIMD8<UInt8>.self)
        lanes |= SIMD8<T>(truncatingIfNeeded: bytes) &<< T(plane * 8)
      }
      if rotate { lanes = lanes &>> 1 | lanes &<< T(T.bitWidth - 1) }
      // Safe because the 8 elements from block * 8 lie inside output (block < count / 8).
      target.storeBytes(of: lanes, toByteOffset: block * 8 * width, as: SIMD8<T>.self)
    }
    for index in blocks * 8..<count {
      var value: T = 0
      for plane in 0..<width {
        // Safe because plane * count + index < (plane + 1) * count <= input.count.
        let byte = source.load(fromByteOffset: plane * count + index, as: UInt8.self)
        value |= T(byte) << (plane * 8)
      }
      target.storeBytes(of: unrotated(value, rotate), toByteOffset: index * width, as: T.self)
    }
  }

  @inline(__always)
  private static func rotated<T: FixedWidthInteger>(_ value: T, _ rotate: Bool) -> T {
    rotate ? value << 1 | value >> (T.bitWidth - 1) : value
  }

  @inline(__always)
  private static func unrotated<T: FixedWidthInteger>(_ value: T, _ rotate: Bool) -> T {
    rotate ? value >> 1 | value << (T.bitWidth - 1) : value
  }
}
