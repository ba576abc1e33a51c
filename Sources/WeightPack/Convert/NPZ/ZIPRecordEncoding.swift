// How the writer lays out its records. Every member gets a local header whose CRC-32 and
// sizes are patched in place once the member is complete (no data descriptor, so readers
// that look only at local headers see the truth, as with numpy's own files). Whether the
// local header carries a ZIP64 extra field (uncompressed and compressed sizes, both 64-bit)
// is decided when the member begins, from its known uncompressed size and deflate's worst
// case, since the header cannot grow afterwards. In the central directory and end record a
// value goes to ZIP64 only when it exceeds `zip64Threshold` (0xFFFFFFFF except in tests).
// Timestamps are fixed at 1980-01-01 00:00, the earliest DOS date, so output is
// reproducible; names are UTF-8, flagged as such (bit 11) when not ASCII.

/// The bytes of the ZIP records `NPZSink` writes.
enum ZIPRecordEncoding {
  /// "Version needed to extract": 2.0 for plain members, 4.5 when ZIP64 fields are used.
  static func versionNeeded(zip64: Bool) -> UInt16 { zip64 ? 45 : 20 }

  /// "Version made by": Unix (3) in the high byte, so external attributes are a file mode.
  static func versionMadeBy(zip64: Bool) -> UInt16 { 3 << 8 | versionNeeded(zip64: zip64) }

  /// The DOS date of 1980-01-01.
  static let dosDate: UInt16 = 1 << 5 | 1

  /// The local header of `entry`; with `zip64` its sizes are in a ZIP64 extra field.
  static func localHeader(_ entry: ZIPEntry, zip64: Bool) -> [UInt8] {
    var writer = ByteWriter()
    writer.append(ZIPLayout.localHeaderSignature)
    writer.append(versionNeeded(zip64: zip64))
    writer.append(entry.flags)
    writer.append(entry.method)
    writer.append(UInt16(0))  // time 00:00:00
    writer.append(dosDate)
    writer.append(entry.crc32)
    writer.append(zip64 ? UInt32.max : UInt32(truncatingIfNeeded: entry.compressedByteCount))
    writer.append(zip64 ? UInt32.max : UInt32(truncatingIfNeeded: entry.uncompressedByteCount))
    writer.append(UInt16(entry.nameBytes.count))
    writer.append(UInt16(zip64 ? 20 : 0))
    writer.append(entry.nameBytes)
    if zip64 {
      writer.append(ZIPLayout.zip64ExtraID)
      writer.append(UInt16(16))
      writer.append(entry.uncompressedByteCount)
      writer.append(entry.compressedByteCount)
    }
    return writer.bytes
  }

  /// The central directory entry of `entry`, with a ZIP64 extra field holding each value
  /// above `threshold`.
  static func centralEntry(_ entry: ZIPEntry, threshold: UInt64) -> [UInt8] {
    var extra = ByteWriter()
    func field(_ value: UInt64) -> UInt32 {
      guard value > threshold else { return UInt32(truncatingIfNeeded: value) }
      extra.append(value)
      return UInt32.max
    }
    let uncompressed = field(entry.uncompressedByteCount)
    let compressed = field(entry.compressedByteCount)
    let offset = field(entry.localHeaderOffset)
    let zip64 = !extra.bytes.isEmpty
    var writer = ByteWriter()
    writer.append(ZIPLayout.centralEntrySignature)
    writer.append(versionMadeBy(zip64: zip64))
    writer.append(versionNeeded(zip64: zip64))
    writer.append(entry.flags)
    writer.append(entry.method)
    writer.append(UInt16(0))
    writer.append(dosDate)
    writer.append(entry.crc32)
    writer.append(compressed)
    writer.append(uncompressed)
    writer.append(UInt16(entry.nameBytes.count))
    writer.append(UInt16(zip64 ? 4 + extra.bytes.count : 0))
    writer.append(UInt16(0))  // comment length
    writer.append(UInt16(0))  // disk number
    writer.append(UInt16(0))  // internal attributes
    writer.append(UInt32(0o100644) << 16)  // external attributes: a regular file, rw-r--r--
    writer.append(offset)
    writer.append(entry.nameBytes)
    if zip64 {
      writer.append(ZIPLayout.zip64ExtraID)
      writer.append(UInt16(extra.bytes.count))
      writer.append(extra.bytes)
    }
    return writer.bytes
  }

  /// The end records after a central directory of `entryCount` entries and `byteCount`
  /// bytes at `offset`: a ZIP64 end record and locator when a value exceeds `threshold`
  /// (the count: 0xFFFF or `threshold`), then the end of central directory record.
  static func endRecords(
    entryCount: Int,
    directoryOffset offset: UInt64,
    directoryByteCount byteCount: UInt64,
    threshold: UInt64
  ) -> [UInt8] {
    let count = UInt64(entryCount)
    let countLimit = min(threshold, 0xFFFF)
    let zip64 = count > countLimit || offset > threshold || byteCount > threshold
    var writer = ByteWriter()
    if zip64 {
      let recordOffset = offset + byteCount
      writer.append(ZIPLayout.zip64EndRecordSignature)
      writer.append(UInt64(ZIPLayout.zip64EndRecordByteCount - 12))
      writer.append(versionMadeBy(zip64: true))
      writer.append(versionNeeded(zip64: true))
      writer.append(UInt32(0))  // this disk
      writer.append(UInt32(0))  // disk with the central directory
      writer.append(count)
      writer.append(count)
      writer.append(byteCount)
      writer.append(offset)
      writer.append(ZIPLayout.zip64LocatorSignature)
      writer.append(UInt32(0))
      writer.append(recordOffset)
      writer.append(UInt32(1))  // total disks
    }
    let narrowCount = count > countLimit ? UInt16.max : UInt16(truncatingIfNeeded: count)
    writer.append(ZIPLayout.endRecordSignature)
    writer.append(UInt16(0))
    writer.append(UInt16(0))
    writer.append(narrowCount)
    writer.append(narrowCount)
    writer.append(byteCount > threshold ? UInt32.max : UInt32(truncatingIfNeeded: byteCount))
    writer.append(offset > threshold ? UInt32.max : UInt32(truncatingIfNeeded: offset))
    writer.append(UInt16(0))  // comment length
    return writer.bytes
  }
}
