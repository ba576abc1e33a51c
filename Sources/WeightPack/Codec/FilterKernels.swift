/// The inner loops of the filters: bit rotation and byte shuffle, for elements of 2, 4 or 8
/// bytes (Spec/FORMAT.md, "Codecs and filters").
///
/// They run on every byte read or written, so they work on raw buffers, eight elements per
/// step: each step reads one 8-byte word from every plane (or writes one), instead of one
/// byte per element and plane.
enum FilterKernels {
  /// Rotates each element left by one bit (if `rotate`) and splits the elements into byte
  /// planes (if `shuffle`); `output` has `input`'s length.
  static func forward<T: FixedWidthInteger & UnsignedInteger>(
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
      for plane in 0..<width {
        var word: UInt64 = 0
        for lane in 0..<8 {
          // Safe because (block * 8 + lane) < count, so the element lies inside input.
          let value = source.loadUnaligned(
            fromByteOffset: (block * 8 + lane) * width, as: T.self)
          let byte = UInt64(truncatingIfNeeded: rotated(value, rotate) >> (plane * 8)) & 0xFF
          word |= byte << (lane * 8)
        }
        // Safe because plane * count + block * 8 + 8 <= (plane + 1) * count <= output.count.
        target.storeBytes(
          of: word.littleEndian, toByteOffset: plane * count + block * 8, as: UInt64.self)
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
  static func backward<T: FixedWidthInteger & UnsignedInteger>(
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
      var values = (T(0), T(0), T(0), T(0), T(0), T(0), T(0), T(0))
      withUnsafeMutableBytes(of: &values) { lanes in
        for plane in 0..<width {
          // Safe because plane * count + block * 8 + 8 <= (plane + 1) * count <= input.count.
          let word = UInt64(
            littleEndian: source.loadUnaligned(
              fromByteOffset: plane * count + block * 8, as: UInt64.self))
          for lane in 0..<8 {
            // Safe because lane < 8 and plane < width: inside the 8 values of `lanes`.
            lanes.storeBytes(
              of: UInt8(truncatingIfNeeded: word >> (lane * 8)),
              toByteOffset: lane * width + plane, as: UInt8.self)
          }
        }
      }
      withUnsafeBytes(of: values) { lanes in
        for lane in 0..<8 {
          // Safe because the 8 values are `8 * width` bytes and the element lies in output.
          let value = T(littleEndian: lanes.loadUnaligned(fromByteOffset: lane * width, as: T.self))
          target.storeBytes(
            of: unrotated(value, rotate), toByteOffset: (block * 8 + lane) * width, as: T.self)
        }
      }
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
