@testable import WeightPack

extension NPZMalformedCase {
  /// Every row of the malformed-archive table.
  static let all = endRows + directoryRows + memberRows + nameRows + dataRows

  /// One stored member `a.npy`: local header at 0, data at 35, central entry at 187, end
  /// record at 238.
  static let stored = TestArchive([TestMember(name: "a.npy", content: sampleNPY)])

  /// One deflated member `a.npy`.
  static let deflated = TestArchive([
    TestMember(name: "a.npy", content: sampleNPY, isDeflated: true)
  ])

  /// Rows that break the end of central directory record and the ZIP64 end records.
  static let endRows: [NPZMalformedCase] = {
    let end = stored.endOffset
    let zip64 = TestArchive([TestMember(name: "a.npy", content: sampleNPY)], threshold: 0)
    let locator = zip64.endOffset - ZIPLayout.zip64LocatorByteCount
    return [
      NPZMalformedCase(
        name: "empty file", bytes: [],
        expectedKind: .zipEndRecordMissing(searchedByteCount: 0), expectedOffset: nil),
      NPZMalformedCase(
        name: "a .npy file, not an archive", bytes: sampleNPY,
        expectedKind: .zipEndRecordMissing(searchedByteCount: 152), expectedOffset: nil),
      NPZMalformedCase(
        name: "truncated inside the end record", bytes: Array(stored.bytes.dropLast(3)),
        expectedKind: .zipEndRecordMissing(searchedByteCount: 257), expectedOffset: nil),
      NPZMalformedCase(
        name: "comment length claims bytes that are missing",
        bytes: stored.storing(UInt16(10), at: end + 20),
        expectedKind: .zipCommentLengthMismatch(declared: 10, actual: 0),
        expectedOffset: UInt64(end + 20)),
      NPZMalformedCase(
        name: "comment length hides trailing bytes", bytes: stored.bytes + Array("junk".utf8),
        expectedKind: .zipCommentLengthMismatch(declared: 0, actual: 4),
        expectedOffset: UInt64(end + 20)),
      NPZMalformedCase(
        name: "split across disks", bytes: stored.storing(UInt16(1), at: end + 4),
        expectedKind: .zipMultipleDisks(disk: 1), expectedOffset: UInt64(end + 4)),
      NPZMalformedCase(
        name: "member count lie",
        bytes: stored.storing(UInt16(2), at: end + 8).storing(UInt16(2), at: end + 10),
        expectedKind: .zipEntryCountMismatch(declared: 2, actual: 1),
        expectedOffset: UInt64(end)),
      NPZMalformedCase(
        name: "central directory offset beyond the file",
        bytes: stored.storing(UInt32(10_000), at: end + 16),
        expectedKind: .zipOutOfBounds(
          structure: "central directory", offset: 10_000, byteCount: 51, limit: 238),
        expectedOffset: UInt64(end)),
      NPZMalformedCase(
        name: "central directory size runs into the end record",
        bytes: stored.storing(UInt32(52), at: end + 12),
        expectedKind: .zipOutOfBounds(
          structure: "central directory", offset: 187, byteCount: 52, limit: 238),
        expectedOffset: UInt64(end)),
      NPZMalformedCase(
        name: "ZIP64 locator points past itself",
        bytes: zip64.storing(UInt64(zip64.bytes.count), at: locator + 8),
        expectedKind: .zipOutOfBounds(
          structure: "ZIP64 end record", offset: UInt64(zip64.bytes.count), byteCount: 56,
          limit: UInt64(locator)),
        expectedOffset: UInt64(locator + 8)),
      NPZMalformedCase(
        name: "ZIP64 end record with a bad signature",
        bytes: zip64.storing(UInt32(0x0606_4B51), at: locator - 56),
        expectedKind: .zipBadSignature(
          record: "ZIP64 end of central directory record", found: 0x0606_4B51,
          expected: 0x0606_4B50),
        expectedOffset: UInt64(locator - 56)),
    ]
  }()

  /// Rows that break the central directory.
  static let directoryRows: [NPZMalformedCase] = {
    let central = stored.centralOffsets[0]
    return [
      NPZMalformedCase(
        name: "central directory shorter than its entry",
        bytes: stored.storing(UInt32(50), at: stored.endOffset + 12),
        expectedKind: .truncated(needed: 5, available: 4), expectedOffset: UInt64(central + 46)),
      NPZMalformedCase(
        name: "central entry with a bad signature",
        bytes: stored.storing(UInt32(0x0201_4B00), at: central),
        expectedKind: .zipBadSignature(
          record: "central directory entry", found: 0x0201_4B00, expected: 0x0201_4B50),
        expectedOffset: UInt64(central)),
      NPZMalformedCase(
        name: "ZIP64 size without a ZIP64 extra field",
        bytes: stored.storing(UInt32.max, at: central + 20),
        expectedKind: .zipMissingZIP64Field(field: "compressed size"),
        expectedOffset: UInt64(central + 46 + 5)),
      NPZMalformedCase(
        name: "local header offset beyond the data",
        bytes: stored.storing(UInt32(5000), at: central + 42),
        expectedKind: .zipOutOfBounds(
          structure: "local header", offset: 5000, byteCount: 30, limit: 187),
        expectedOffset: 5000, expectedTensor: "a"),
    ]
  }()

  /// Rows where a member's flags, method, sizes or local header are wrong.
  static let memberRows: [NPZMalformedCase] = {
    let central = stored.centralOffsets[0]
    let data = UInt64(stored.dataOffsets[0])
    let crc = CRC32.checksum(sampleNPY)
    return [
      NPZMalformedCase(
        name: "encrypted member",
        bytes: stored.storing(UInt16(1), at: 6).storing(UInt16(1), at: central + 8),
        expectedKind: .zipEncryptedMember, expectedOffset: UInt64(central)),
      NPZMalformedCase(
        name: "bzip2 member",
        bytes: stored.storing(UInt16(12), at: 8).storing(UInt16(12), at: central + 10),
        expectedKind: .zipUnsupportedMethod(12), expectedOffset: UInt64(central)),
      NPZMalformedCase(
        name: "lzma member",
        bytes: stored.storing(UInt16(14), at: 8).storing(UInt16(14), at: central + 10),
        expectedKind: .zipUnsupportedMethod(14), expectedOffset: UInt64(central)),
      NPZMalformedCase(
        name: "stored member whose sizes differ",
        bytes: stored.storing(UInt32(153), at: central + 24),
        expectedKind: .zipMemberSizeMismatch(declared: 153, actual: 152),
        expectedOffset: UInt64(central)),
      NPZMalformedCase(
        name: "local header with a bad signature", bytes: stored.storing(UInt32(0), at: 0),
        expectedKind: .zipBadSignature(
          record: "local header", found: 0, expected: 0x0403_4B50),
        expectedOffset: 0, expectedTensor: "a"),
      NPZMalformedCase(
        name: "local name differs from the central directory",
        bytes: stored.storing(UInt8(ascii: "b"), at: 30),
        expectedKind: .zipHeaderMismatch(field: "name", central: "'a.npy'", local: "'b.npy'"),
        expectedOffset: 30, expectedTensor: "a"),
      NPZMalformedCase(
        name: "local method differs from the central directory",
        bytes: stored.storing(UInt16(8), at: 8),
        expectedKind: .zipHeaderMismatch(field: "compression method", central: "0", local: "8"),
        expectedOffset: 8, expectedTensor: "a"),
      NPZMalformedCase(
        name: "local CRC differs from the central directory",
        bytes: stored.storing(crc ^ 1, at: 14),
        expectedKind: .zipHeaderMismatch(
          field: "CRC-32", central: hex32(crc), local: hex32(crc ^ 1)),
        expectedOffset: 14, expectedTensor: "a"),
      NPZMalformedCase(
        name: "local size differs from the central directory",
        bytes: stored.storing(UInt32(100), at: 22),
        expectedKind: .zipHeaderMismatch(field: "uncompressed size", central: "152", local: "100"),
        expectedOffset: 22, expectedTensor: "a"),
      NPZMalformedCase(
        name: "member data runs into the central directory",
        bytes: stored.storing(UInt32(1000), at: 18).storing(UInt32(1000), at: 22)
          .storing(UInt32(1000), at: central + 20).storing(UInt32(1000), at: central + 24),
        expectedKind: .zipOutOfBounds(
          structure: "member data", offset: data, byteCount: 1000, limit: 187),
        expectedOffset: data, expectedTensor: "a"),
      overlappingMembers(),
    ]
  }()

  /// Rows with names that are unsafe, not `.npy`, or repeated.
  static let nameRows: [NPZMalformedCase] = {
    func named(_ names: [String]) -> TestArchive {
      TestArchive(names.map { TestMember(name: $0, content: sampleNPY) })
    }
    let unsafe = ["../a.npy", "/etc/a.npy", "a/../../b.npy", "a\\b.npy", "a//b.npy"]
    let rows = unsafe.map { name in
      NPZMalformedCase(
        name: "unsafe member name \(name)", bytes: named([name]).bytes,
        expectedKind: .zipUnsafeMemberName(name),
        expectedOffset: UInt64(named([name]).centralOffsets[0]))
    }
    let duplicates = named(["a.npy", "a.npy"])
    let aliases = named(["a/b.npy", "a.b.npy"])
    return rows + [
      NPZMalformedCase(
        name: "member that is not .npy", bytes: named(["a.txt"]).bytes,
        expectedKind: .zipMemberNotNPY("a.txt"),
        expectedOffset: UInt64(named(["a.txt"]).centralOffsets[0])),
      NPZMalformedCase(
        name: "duplicate member", bytes: duplicates.bytes,
        expectedKind: .duplicateTensorName("a"),
        expectedOffset: UInt64(duplicates.centralOffsets[1])),
      NPZMalformedCase(
        name: "two members mapping to one tensor name", bytes: aliases.bytes,
        expectedKind: .duplicateTensorName("a.b"),
        expectedOffset: UInt64(aliases.centralOffsets[1])),
    ]
  }()

  /// Rows whose member data lies: CRC, sizes, deflate streams, `.npy` contents.
  static let dataRows: [NPZMalformedCase] = {
    let data = UInt64(stored.dataOffsets[0])
    let inflated = UInt64(deflated.dataOffsets[0])
    let stream = TestArchive.deflated(sampleNPY)
    let bomb = TestArchive([
      TestMember(
        name: "a.npy", content: sampleNPY, isDeflated: true,
        storedOverride: TestArchive.deflated(sampleNPY + [UInt8](repeating: 0, count: 1 << 20)))
    ])
    let short = TestArchive([
      TestMember(
        name: "a.npy", content: sampleNPY, isDeflated: true,
        storedOverride: TestArchive.deflated(Array(sampleNPY.prefix(140))))
    ])
    let padded = TestArchive([
      TestMember(
        name: "a.npy", content: sampleNPY, isDeflated: true, storedOverride: stream + [0, 0, 0])
    ])
    let cut = TestArchive([
      TestMember(
        name: "a.npy", content: sampleNPY, isDeflated: true,
        storedOverride: Array(stream.dropLast(2)))
    ])
    var flippedStored = stored.bytes
    flippedStored[stored.dataOffsets[0] + 150] ^= 0x80
    var damaged = deflated.bytes
    damaged[deflated.dataOffsets[0]] = 0xFF
    let trailing = TestArchive([TestMember(name: "a.npy", content: sampleNPY + [1, 2, 3, 4])])
    let text = TestArchive([TestMember(name: "a.npy", content: Array("not an array".utf8))])
    return [
      NPZMalformedCase(
        name: "CRC mismatch in a stored member", bytes: flippedStored,
        expectedKind: .checksumMismatch(
          expected: CRC32.checksum(sampleNPY), actual: CRC32.checksum(flip(sampleNPY, 150))),
        expectedOffset: data, expectedTensor: "a", failsWhenReading: true),
      NPZMalformedCase(
        name: "deflate bomb: a megabyte declared as 152 bytes", bytes: bomb.bytes,
        // The offset is where inflate had read to when byte 153 came out of the stream.
        expectedKind: .zipMemberTooLong(declared: 152),
        expectedOffset: UInt64(bomb.dataOffsets[0] + 113), expectedTensor: "a",
        failsWhenReading: true),
      NPZMalformedCase(
        name: "deflated member shorter than declared", bytes: short.bytes,
        expectedKind: .zipMemberSizeMismatch(declared: 152, actual: 140),
        expectedOffset: UInt64(short.centralOffsets[0]), expectedTensor: "a"),
      NPZMalformedCase(
        name: "compressed size claims bytes after the stream", bytes: padded.bytes,
        expectedKind: .zipCompressedSizeMismatch(
          declared: UInt64(stream.count + 3), used: UInt64(stream.count)),
        expectedOffset: UInt64(padded.dataOffsets[0] + stream.count), expectedTensor: "a",
        failsWhenReading: true),
      NPZMalformedCase(
        name: "compressed size cuts the stream short", bytes: cut.bytes,
        expectedKind: .zipCompressedSizeMismatch(declared: UInt64(stream.count - 2), used: nil),
        expectedOffset: UInt64(cut.centralOffsets[0]), expectedTensor: "a"),
      NPZMalformedCase(
        name: "damaged deflate stream", bytes: damaged,
        expectedKind: .decompressionFailed("invalid block type"), expectedOffset: inflated,
        expectedTensor: "a"),
      NPZMalformedCase(
        name: "bytes after the array in a member", bytes: trailing.bytes,
        expectedKind: .malformedHeader(
          format: "npy", reason: "4 bytes follow the array's 24 bytes of data"),
        expectedOffset: data + 152, expectedTensor: "a"),
      NPZMalformedCase(
        name: "member that is not a .npy array", bytes: text.bytes,
        expectedKind: .malformedHeader(
          format: "npy", reason: "magic is 0x6e6f7420616e, expected 0x934e554d5059"),
        expectedOffset: data, expectedTensor: "a"),
    ]
  }()

  /// Member `b` hidden inside the data of member `a`, a `U8` array whose bytes are `b`'s
  /// local header and data: each member is valid alone, but they overlap.
  static func overlappingMembers() -> NPZMalformedCase {
    let inner = TestArchive([TestMember(name: "b.npy", content: sampleNPY)])
    let hidden = Array(inner.bytes[0..<inner.centralOffsets[0]])
    let outer = npyFile(validHeader(descr: "|u1", shape: "(\(hidden.count),)"), data: hidden)
    let archive = TestArchive([
      TestMember(name: "a.npy", content: outer), TestMember(name: "b.npy", content: sampleNPY),
    ])
    var bytes = archive.bytes
    let bOffset = UInt32(archive.dataOffsets[0] + 128)
    bytes.store(bOffset, at: archive.centralOffsets[1] + 42)
    return NPZMalformedCase(
      name: "member hidden inside another", bytes: bytes,
      expectedKind: .zipMembersOverlap(
        offset: UInt64(bOffset), previousEnd: UInt64(archive.dataOffsets[0] + outer.count)),
      expectedOffset: UInt64(bOffset), expectedTensor: "b")
  }

  private static func flip(_ bytes: [UInt8], _ index: Int) -> [UInt8] {
    var copy = bytes
    copy[index] ^= 0x80
    return copy
  }

  private static func hex32(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}
