// The reader finds the end of central directory record by scanning backwards through the
// last 65557 bytes (the record plus the longest comment) for its signature, taking the
// record whose comment ends exactly at the end of the file. A ZIP64 locator right before it
// leads to the ZIP64 end record, whose 64-bit values then replace the 32-bit ones. The
// central directory must lie between the start of the file and those end records, below
// `ReadOptions.maximumManifestByteCount` (it is the archive's manifest), and is then parsed
// entry by entry until its bytes are used up; the count must match the end record's.

/// Where an archive's central directory is, and the entries it holds.
struct ZIPCentralDirectory: Sendable {
  /// Where the central directory starts: bytes from the start of the file.
  var offset: UInt64
  /// The central directory's length in bytes; members' data must end before `offset`.
  var byteCount: UInt64
  /// The entries, in central directory order.
  var entries: [ZIPEntry]

  /// Reads and checks the end records and the central directory of `file`.
  ///
  /// - Parameters:
  ///   - file: The open archive.
  ///   - maximumByteCount: The largest central directory accepted, in bytes.
  /// - Returns: The directory.
  /// - Throws: `WeightPackError` of kind `.zipEndRecordMissing`,
  ///   `.zipCommentLengthMismatch`, `.zipBadSignature`, `.zipMultipleDisks`,
  ///   `.zipOutOfBounds`, `.manifestTooLarge`, `.zipEntryCountMismatch`,
  ///   `.zipMissingZIP64Field` or `.truncated`, with the offset of the record at fault.
  static func read(from file: SystemFile, maximumByteCount: UInt64) throws -> ZIPCentralDirectory {
    let end = try ZIPEndRecord.read(from: file)
    let (directoryEnd, overflow) = end.directoryOffset.addingReportingOverflow(
      end.directoryByteCount)
    guard !overflow, directoryEnd <= end.offset else {
      throw WeightPackError(
        .zipOutOfBounds(
          structure: "central directory", offset: end.directoryOffset,
          byteCount: end.directoryByteCount, limit: end.offset),
        offset: end.recordOffset)
    }
    guard end.directoryByteCount <= maximumByteCount else {
      throw WeightPackError(
        .manifestTooLarge(byteCount: end.directoryByteCount, limit: maximumByteCount),
        offset: end.directoryOffset, underlying: "the ZIP central directory")
    }
    // The count fits an Int: it is at most maximumByteCount and inside the file.
    let bytes = try file.read(count: Int(end.directoryByteCount), at: end.directoryOffset)
    var reader = ByteReader(bytes, baseOffset: end.directoryOffset)
    var entries: [ZIPEntry] = []
    while reader.remaining > 0 {
      entries.append(try readEntry(&reader))
    }
    guard UInt64(entries.count) == end.entryCount else {
      throw WeightPackError(
        .zipEntryCountMismatch(declared: end.entryCount, actual: UInt64(entries.count)),
        offset: end.recordOffset)
    }
    return ZIPCentralDirectory(
      offset: end.directoryOffset, byteCount: end.directoryByteCount, entries: entries)
  }

  /// Reads one central directory entry and substitutes its ZIP64 values.
  private static func readEntry(_ reader: inout ByteReader) throws -> ZIPEntry {
    let entryOffset = reader.offset
    let signature = try reader.readInteger(as: UInt32.self, for: "central directory entry")
    guard signature == ZIPLayout.centralEntrySignature else {
      throw WeightPackError(
        .zipBadSignature(
          record: "central directory entry", found: signature,
          expected: ZIPLayout.centralEntrySignature),
        offset: entryOffset)
    }
    var fields = ByteReader(
      try reader.readBytes(ZIPLayout.centralEntryByteCount - 4, for: "central directory entry"),
      baseOffset: entryOffset + 4)
    let purpose = "central directory entry"
    _ = try fields.readInteger(as: UInt32.self, for: purpose)  // versions made by, needed
    let flags = try fields.readInteger(as: UInt16.self, for: purpose)
    let method = try fields.readInteger(as: UInt16.self, for: purpose)
    _ = try fields.readInteger(as: UInt32.self, for: purpose)  // modification time, date
    let crc = try fields.readInteger(as: UInt32.self, for: purpose)
    let compressed = try fields.readInteger(as: UInt32.self, for: purpose)
    let uncompressed = try fields.readInteger(as: UInt32.self, for: purpose)
    let nameCount = Int(try fields.readInteger(as: UInt16.self, for: purpose))
    let extraCount = Int(try fields.readInteger(as: UInt16.self, for: purpose))
    let commentCount = Int(try fields.readInteger(as: UInt16.self, for: purpose))
    let disk = try fields.readInteger(as: UInt16.self, for: purpose)
    _ = try fields.readInteger(as: UInt16.self, for: purpose)  // internal attributes
    _ = try fields.readInteger(as: UInt32.self, for: purpose)  // external attributes
    let localOffset = try fields.readInteger(as: UInt32.self, for: purpose)
    let name = try reader.readBytes(nameCount, for: "member name")
    let extraOffset = reader.offset
    let extra = try reader.readBytes(extraCount, for: "extra field")
    _ = try reader.readBytes(commentCount, for: "member comment")

    var zip64 = try ZIP64ExtraField(extra, baseOffset: extraOffset)
    let uncompressedByteCount = try zip64.resolve(uncompressed, field: "uncompressed size")
    let compressedByteCount = try zip64.resolve(compressed, field: "compressed size")
    let localHeaderOffset = try zip64.resolve(localOffset, field: "local header offset")
    let diskNumber = try zip64.resolveDisk(disk)
    guard diskNumber == 0 else {
      throw WeightPackError(.zipMultipleDisks(disk: diskNumber), offset: entryOffset)
    }
    let entry = ZIPEntry(
      name: String(decoding: name, as: UTF8.self), nameBytes: name, flags: flags, method: method,
      crc32: crc, compressedByteCount: compressedByteCount,
      uncompressedByteCount: uncompressedByteCount, localHeaderOffset: localHeaderOffset,
      entryOffset: entryOffset)
    return entry
  }
}
