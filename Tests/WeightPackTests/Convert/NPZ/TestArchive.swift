@testable import WeightPack

/// One member of an archive built in a test.
struct TestMember: Sendable {
  /// The member name, `.npy` included.
  var name: String
  /// The uncompressed bytes: normally a whole `.npy` file.
  var content: [UInt8]
  /// Whether to deflate the content.
  var isDeflated = false
  /// The stored bytes to write instead of the (deflated) content, for forged members.
  var storedOverride: [UInt8]? = nil
  /// The uncompressed size to declare instead of `content.count`.
  var declaredByteCount: UInt64? = nil
}

/// A ZIP archive built in memory with the writer's record encoding, and where its parts are.
struct TestArchive: Sendable {
  /// The whole archive.
  var bytes: [UInt8]
  /// Where each member's local header starts.
  var localOffsets: [Int] = []
  /// Where each member's data starts.
  var dataOffsets: [Int] = []
  /// Where each member's central directory entry starts.
  var centralOffsets: [Int] = []
  /// Where the end of central directory record starts.
  var endOffset = 0

  /// Builds an archive of `members`, using ZIP64 fields for values above `threshold`.
  init(_ members: [TestMember], threshold: UInt64 = ZIPLayout.zip64Limit) {
    bytes = []
    var entries: [ZIPEntry] = []
    for member in members {
      let stored =
        member.storedOverride
        ?? (member.isDeflated ? Self.deflated(member.content) : member.content)
      let entry = ZIPEntry(
        name: member.name, nameBytes: Array(member.name.utf8), flags: 0,
        method: member.isDeflated ? 8 : 0, crc32: CRC32.checksum(member.content),
        compressedByteCount: UInt64(stored.count),
        uncompressedByteCount: member.declaredByteCount ?? UInt64(member.content.count),
        localHeaderOffset: UInt64(bytes.count), entryOffset: 0)
      localOffsets.append(bytes.count)
      bytes += ZIPRecordEncoding.localHeader(entry, zip64: threshold < ZIPLayout.zip64Limit)
      dataOffsets.append(bytes.count)
      bytes += stored
      entries.append(entry)
    }
    let directoryOffset = bytes.count
    for entry in entries {
      centralOffsets.append(bytes.count)
      bytes += ZIPRecordEncoding.centralEntry(entry, threshold: threshold)
    }
    let end = ZIPRecordEncoding.endRecords(
      entryCount: entries.count, directoryOffset: UInt64(directoryOffset),
      directoryByteCount: UInt64(bytes.count - directoryOffset), threshold: threshold)
    endOffset = bytes.count + end.count - ZIPLayout.endRecordByteCount
    bytes += end
  }

  /// The archive with `value` stored little-endian at `offset`.
  func storing<T: FixedWidthInteger>(_ value: T, at offset: Int) -> [UInt8] {
    var copy = bytes
    copy.store(value, at: offset)
    return copy
  }

  /// `bytes` as one raw deflate stream.
  static func deflated(_ bytes: [UInt8]) -> [UInt8] {
    guard let deflater = try? ZlibCodec.RawDeflater(level: 6) else { return [] }
    return deflater.deflate(bytes, finish: true)
  }
}

/// A valid `.npy` file of a 2×3 `<f4` array whose elements are 0, 1, ..., 5: 152 bytes.
let sampleNPY = npyFile(validHeader(), data: float32Bytes([0, 1, 2, 3, 4, 5]))

/// The sample array's elements, little-endian.
let sampleData = float32Bytes([0, 1, 2, 3, 4, 5])

extension Array where Element == UInt8 {
  /// A copy with `value` stored little-endian at `offset`.
  func storing<T: FixedWidthInteger>(_ value: T, at offset: Int) -> [UInt8] {
    var copy = self
    copy.store(value, at: offset)
    return copy
  }
}
