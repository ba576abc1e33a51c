// A local header repeats most of its central directory entry. Readers that trust one and
// writers that fill in the other disagree in ways attackers use, so every repeated field is
// compared: name, method, encryption flag and, unless the sizes are deferred to a data
// descriptor (flag bit 3, where the local values may be zero), the CRC-32 and both sizes.

/// The local header of one member: checked against its central directory entry.
enum ZIPLocalHeader {
  /// Reads the local header of `entry`, checks it, and returns where the member's data
  /// starts.
  ///
  /// - Parameters:
  ///   - entry: The member's central directory entry.
  ///   - file: The open archive.
  ///   - limit: Where the central directory starts; header and data must end by then.
  /// - Returns: The offset of the member's first data byte, from the start of the file.
  /// - Throws: `WeightPackError` of kind `.zipOutOfBounds`, `.zipBadSignature`,
  ///   `.zipHeaderMismatch`, `.zipMissingZIP64Field` or `.truncated`, at the local header.
  static func dataOffset(of entry: ZIPEntry, in file: SystemFile, limit: UInt64) throws
    -> UInt64
  {
    let offset = entry.localHeaderOffset
    try checkFits(
      "local header", at: offset, byteCount: UInt64(ZIPLayout.localHeaderByteCount), limit: limit)
    var fields = ByteReader(
      try file.read(count: ZIPLayout.localHeaderByteCount, at: offset), baseOffset: offset)
    let purpose = "local header"
    let signature = try fields.readInteger(as: UInt32.self, for: purpose)
    guard signature == ZIPLayout.localHeaderSignature else {
      throw WeightPackError(
        .zipBadSignature(
          record: purpose, found: signature, expected: ZIPLayout.localHeaderSignature),
        offset: offset)
    }
    _ = try fields.readInteger(as: UInt16.self, for: purpose)  // version needed
    let flags = try fields.readInteger(as: UInt16.self, for: purpose)
    let method = try fields.readInteger(as: UInt16.self, for: purpose)
    _ = try fields.readInteger(as: UInt32.self, for: purpose)  // modification time, date
    let crc = try fields.readInteger(as: UInt32.self, for: purpose)
    let compressed = try fields.readInteger(as: UInt32.self, for: purpose)
    let uncompressed = try fields.readInteger(as: UInt32.self, for: purpose)
    let nameCount = UInt64(try fields.readInteger(as: UInt16.self, for: purpose))
    let extraCount = UInt64(try fields.readInteger(as: UInt16.self, for: purpose))

    let variableOffset = offset + UInt64(ZIPLayout.localHeaderByteCount)
    try checkFits(
      "local header", at: offset,
      byteCount: UInt64(ZIPLayout.localHeaderByteCount) + nameCount + extraCount, limit: limit)
    let variable = try file.read(count: Int(nameCount + extraCount), at: variableOffset)
    let name = Array(variable[0..<Int(nameCount)])
    let extra = Array(variable[Int(nameCount)...])
    if name != entry.nameBytes {
      let local = String(decoding: name, as: UTF8.self)
      throw mismatch("name", "'\(entry.name)'", "'\(local)'", at: offset + 30)
    }
    try compare("compression method", entry.method, method, at: offset + 8)
    let encryption = ZIPLayout.flagEncrypted
    try compare("encryption flag", entry.flags & encryption, flags & encryption, at: offset + 6)

    var zip64 = try ZIP64ExtraField(extra, baseOffset: variableOffset + nameCount)
    let localUncompressed = try zip64.resolve(uncompressed, field: "uncompressed size")
    let localCompressed = try zip64.resolve(compressed, field: "compressed size")
    let isDeferred = flags & ZIPLayout.flagDataDescriptor != 0
    if !isDeferred || crc != 0 {
      try compare("CRC-32", hex(entry.crc32), hex(crc), at: offset + 14)
    }
    if !isDeferred || localCompressed != 0 {
      try compare("compressed size", entry.compressedByteCount, localCompressed, at: offset + 18)
    }
    if !isDeferred || localUncompressed != 0 {
      try compare(
        "uncompressed size", entry.uncompressedByteCount, localUncompressed, at: offset + 22)
    }
    let dataOffset = variableOffset + nameCount + extraCount
    try checkFits(
      "member data", at: dataOffset, byteCount: entry.compressedByteCount, limit: limit)
    return dataOffset
  }

  /// Throws `.zipOutOfBounds` unless `byteCount` bytes at `offset` end by `limit`.
  static func checkFits(
    _ structure: String,
    at offset: UInt64,
    byteCount: UInt64,
    limit: UInt64
  ) throws {
    let (end, overflow) = offset.addingReportingOverflow(byteCount)
    guard !overflow, end <= limit else {
      throw WeightPackError(
        .zipOutOfBounds(structure: structure, offset: offset, byteCount: byteCount, limit: limit),
        offset: offset)
    }
  }

  private static func compare<T: Equatable & CustomStringConvertible>(
    _ field: String,
    _ central: T,
    _ local: T,
    at offset: UInt64
  ) throws {
    guard central != local else { return }
    throw mismatch(field, central.description, local.description, at: offset)
  }

  private static func mismatch(
    _ field: String,
    _ central: String,
    _ local: String,
    at offset: UInt64
  ) -> WeightPackError {
    WeightPackError(
      .zipHeaderMismatch(field: field, central: central, local: local), offset: offset)
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}
