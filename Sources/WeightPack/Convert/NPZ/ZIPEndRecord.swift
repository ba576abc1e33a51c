/// The end of central directory record, with the ZIP64 end record's values when present.
struct ZIPEndRecord: Sendable {
  /// How many members the central directory holds.
  var entryCount: UInt64
  /// Where the central directory starts: bytes from the start of the file.
  var directoryOffset: UInt64
  /// The central directory's length in bytes.
  var directoryByteCount: UInt64
  /// Where the end records start (the ZIP64 end record if any): the central directory
  /// must end at or before this offset.
  var offset: UInt64
  /// Where the end of central directory record itself starts, for errors about it.
  var recordOffset: UInt64

  /// Finds and reads the end records of `file`.
  ///
  /// - Throws: `WeightPackError` of kind `.zipEndRecordMissing`,
  ///   `.zipCommentLengthMismatch`, `.zipBadSignature`, `.zipMultipleDisks`,
  ///   `.zipOutOfBounds` or `.truncated`.
  static func read(from file: SystemFile) throws -> ZIPEndRecord {
    let searched = min(file.size, UInt64(ZIPLayout.endRecordSearchByteCount))
    let tailOffset = file.size - searched
    // `searched` is at most 65557, so it fits an Int.
    let tail = try file.read(count: Int(searched), at: tailOffset)
    let start = try locate(in: tail, tailOffset: tailOffset)
    var reader = ByteReader(Array(tail[(start + 4)...]), baseOffset: tailOffset + UInt64(start) + 4)
    let recordOffset = tailOffset + UInt64(start)
    let purpose = "end of central directory record"
    let disk = try reader.readInteger(as: UInt16.self, for: purpose)
    let directoryDisk = try reader.readInteger(as: UInt16.self, for: purpose)
    let diskEntries = try reader.readInteger(as: UInt16.self, for: purpose)
    let entries = try reader.readInteger(as: UInt16.self, for: purpose)
    let directoryByteCount = try reader.readInteger(as: UInt32.self, for: purpose)
    let directoryOffset = try reader.readInteger(as: UInt32.self, for: purpose)
    var record = ZIPEndRecord(
      entryCount: UInt64(entries), directoryOffset: UInt64(directoryOffset),
      directoryByteCount: UInt64(directoryByteCount), offset: recordOffset,
      recordOffset: recordOffset)
    if try readZIP64(into: &record, from: file) { return record }
    for number in [disk, directoryDisk] where number != 0 {
      throw WeightPackError(.zipMultipleDisks(disk: UInt64(number)), offset: recordOffset + 4)
    }
    guard diskEntries == entries else {
      throw WeightPackError(
        .zipEntryCountMismatch(declared: UInt64(entries), actual: UInt64(diskEntries)),
        offset: recordOffset + 8)
    }
    return record
  }

  /// The index in `tail` of the record whose comment ends exactly at the end of the file.
  private static func locate(in tail: [UInt8], tailOffset: UInt64) throws -> Int {
    let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    var nearest: (index: Int, declared: Int)?
    var index = tail.count - ZIPLayout.endRecordByteCount
    while index >= 0 {
      if Array(tail[index..<index + 4]) == signature {
        let declared = Int(tail[index + 20]) | Int(tail[index + 21]) << 8
        if index + ZIPLayout.endRecordByteCount + declared == tail.count { return index }
        if nearest == nil { nearest = (index, declared) }
      }
      index -= 1
    }
    if let nearest {
      let actual = tail.count - nearest.index - ZIPLayout.endRecordByteCount
      throw WeightPackError(
        .zipCommentLengthMismatch(declared: UInt64(nearest.declared), actual: UInt64(actual)),
        offset: tailOffset + UInt64(nearest.index) + 20)
    }
    throw WeightPackError(.zipEndRecordMissing(searchedByteCount: UInt64(tail.count)))
  }

  /// Replaces the values in `record` with those of the ZIP64 end record, if a locator
  /// precedes the end record; returns whether it did.
  private static func readZIP64(into record: inout ZIPEndRecord, from file: SystemFile) throws
    -> Bool
  {
    let locatorByteCount = UInt64(ZIPLayout.zip64LocatorByteCount)
    guard record.recordOffset >= locatorByteCount else { return false }
    let locatorOffset = record.recordOffset - locatorByteCount
    var locator = ByteReader(
      try file.read(count: ZIPLayout.zip64LocatorByteCount, at: locatorOffset),
      baseOffset: locatorOffset)
    let purpose = "ZIP64 end of central directory locator"
    guard try locator.readInteger(as: UInt32.self, for: purpose) == ZIPLayout.zip64LocatorSignature
    else { return false }
    let recordDisk = try locator.readInteger(as: UInt32.self, for: purpose)
    let zip64Offset = try locator.readInteger(as: UInt64.self, for: purpose)
    let diskCount = try locator.readInteger(as: UInt32.self, for: purpose)
    guard recordDisk == 0, diskCount <= 1 else {
      throw WeightPackError(
        .zipMultipleDisks(disk: UInt64(max(recordDisk, diskCount))), offset: locatorOffset + 4)
    }
    let byteCount = UInt64(ZIPLayout.zip64EndRecordByteCount)
    guard zip64Offset <= locatorOffset, locatorOffset - zip64Offset >= byteCount else {
      throw WeightPackError(
        .zipOutOfBounds(
          structure: "ZIP64 end record", offset: zip64Offset, byteCount: byteCount,
          limit: locatorOffset),
        offset: locatorOffset + 8)
    }
    var zip64 = ByteReader(
      try file.read(count: ZIPLayout.zip64EndRecordByteCount, at: zip64Offset),
      baseOffset: zip64Offset)
    let recordPurpose = "ZIP64 end of central directory record"
    let signature = try zip64.readInteger(as: UInt32.self, for: recordPurpose)
    guard signature == ZIPLayout.zip64EndRecordSignature else {
      throw WeightPackError(
        .zipBadSignature(
          record: recordPurpose, found: signature, expected: ZIPLayout.zip64EndRecordSignature),
        offset: zip64Offset)
    }
    _ = try zip64.readInteger(as: UInt64.self, for: recordPurpose)  // record size
    _ = try zip64.readInteger(as: UInt32.self, for: recordPurpose)  // versions
    let disk = try zip64.readInteger(as: UInt32.self, for: recordPurpose)
    let directoryDisk = try zip64.readInteger(as: UInt32.self, for: recordPurpose)
    let diskEntries = try zip64.readInteger(as: UInt64.self, for: recordPurpose)
    let entries = try zip64.readInteger(as: UInt64.self, for: recordPurpose)
    for number in [disk, directoryDisk] where number != 0 {
      throw WeightPackError(.zipMultipleDisks(disk: UInt64(number)), offset: zip64Offset + 16)
    }
    guard diskEntries == entries else {
      throw WeightPackError(
        .zipEntryCountMismatch(declared: entries, actual: diskEntries), offset: zip64Offset + 24)
    }
    record.entryCount = entries
    record.directoryByteCount = try zip64.readInteger(as: UInt64.self, for: recordPurpose)
    record.directoryOffset = try zip64.readInteger(as: UInt64.self, for: recordPurpose)
    record.offset = zip64Offset
    return true
  }
}
