/// The ZIP64 extended information extra field (header id 1) of a central directory entry or
/// local header, read value by value.
///
/// The field holds a 64-bit value for each 32-bit field that is `0xFFFFFFFF`, always in the
/// order uncompressed size, compressed size, local header offset, then a 32-bit disk number
/// if the 16-bit one is `0xFFFF`; so the `resolve` calls must be made in that order.
struct ZIP64ExtraField {
  private var data: ByteReader?
  private let baseOffset: UInt64

  /// Finds the ZIP64 field among the extra fields `extra`, which start at `baseOffset`.
  ///
  /// - Throws: `WeightPackError` of kind `.truncated` when an extra field's declared length
  ///   runs past the extra data.
  init(_ extra: [UInt8], baseOffset: UInt64) throws {
    self.baseOffset = baseOffset
    var reader = ByteReader(extra, baseOffset: baseOffset)
    while reader.remaining > 0 {
      let id = try reader.readInteger(as: UInt16.self, for: "extra field id")
      let count = Int(try reader.readInteger(as: UInt16.self, for: "extra field length"))
      let start = reader.offset
      let bytes = try reader.readBytes(count, for: "extra field")
      if id == ZIPLayout.zip64ExtraID, data == nil {
        data = ByteReader(bytes, baseOffset: start)
      }
    }
  }

  /// Whether the extra data holds a ZIP64 field.
  var isPresent: Bool { data != nil }

  /// The 64-bit value of a field whose 32-bit value is `value`.
  ///
  /// - Throws: `WeightPackError` of kind `.zipMissingZIP64Field` when `value` is
  ///   `0xFFFFFFFF` and the ZIP64 field is absent or too short.
  mutating func resolve(_ value: UInt32, field: String) throws -> UInt64 {
    guard value == UInt32.max else { return UInt64(value) }
    guard var reader = data, reader.remaining >= 8 else {
      throw WeightPackError(.zipMissingZIP64Field(field: field), offset: data?.offset ?? baseOffset)
    }
    let wide = try reader.readInteger(as: UInt64.self, for: field)
    data = reader
    return wide
  }

  /// The disk number, from the ZIP64 field when the 16-bit `disk` is `0xFFFF`.
  mutating func resolveDisk(_ disk: UInt16) throws -> UInt64 {
    guard disk == UInt16.max else { return UInt64(disk) }
    guard var reader = data, reader.remaining >= 4 else {
      throw WeightPackError(
        .zipMissingZIP64Field(field: "disk number"), offset: data?.offset ?? baseOffset)
    }
    let wide = try reader.readInteger(as: UInt32.self, for: "disk number")
    data = reader
    return UInt64(wide)
  }
}
