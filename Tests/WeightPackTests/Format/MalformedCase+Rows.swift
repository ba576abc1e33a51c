import Foundation

@testable import WeightPack

// The rows of the malformed-file table, grouped by the part of the file they break, in the
// order a reader checks them. Rows about the manifest's content re-sign the trailer, so they
// reach the check they aim at instead of stopping at the manifest checksum.

extension MalformedCase {
  /// Every row.
  static let all: [MalformedCase] =
    preambleCases + truncationCases + trailerCases + deflatedManifestCases + manifestTextCases
    + schemaCases
    + tensorCases + chunkCases + readCases

  private typealias Kind = WeightPackError.Kind

  // MARK: - Preamble

  static let preambleCases: [MalformedCase] = [
    MalformedCase("bad magic") { sample in
      let bytes = sample.flipping(1, mask: 0x0F)
      return Malformed(bytes, with: .exactly(.badMagic(found: Array(bytes[0..<8]))), at: 0)
    },
    MalformedCase("future major version 2.0") { sample in
      Malformed(
        sample.storing(UInt16(2), at: 8),
        with: .exactly(.unsupportedVersion(found: "2.0", newest: "1.1")), at: 8)
    },
    MalformedCase("major version 0") { sample in
      Malformed(
        sample.storing(UInt16(0), at: 8),
        with: .exactly(.unsupportedVersion(found: "0.0", newest: "1.1")), at: 8)
    },
    MalformedCase("non-zero reserved preamble field") { sample in
      Malformed(
        sample.storing(UInt32(0x0100), at: 12),
        with: .exactly(.nonZeroReserved(field: "flags", value: 0x0100)), at: 12)
    },
    MalformedCase("non-zero preamble padding") { sample in
      Malformed(
        sample.flipping(40, mask: 0x01), with: .exactly(.nonZeroPadding(offset: 40)), at: 40)
    },
  ]

  // MARK: - Truncation

  static let truncationCases: [MalformedCase] = [
    MalformedCase("empty file") { _ in
      Malformed([], with: .exactly(.truncated(needed: 8, available: 0)), at: 0)
    },
    MalformedCase("truncated after the magic") { sample in
      Malformed(
        Array(sample.bytes.prefix(8)), with: .exactly(.truncated(needed: 2, available: 0)), at: 8)
    },
    MalformedCase("truncated after the preamble") { sample in
      Malformed(
        Array(sample.bytes.prefix(16)), with: .exactly(.truncated(needed: 48, available: 0)),
        at: 16)
    },
    MalformedCase("truncated at the data region") { sample in
      Malformed(
        Array(sample.bytes.prefix(64)), with: .exactly(.truncated(needed: 104, available: 64)),
        at: 0)
    },
    MalformedCase("truncated mid-data") { sample in
      endMagicCase(Array(sample.bytes.prefix(Int(sample.chunk("bias", 0).offset) + 100)))
    },
    MalformedCase("truncated mid-manifest") { sample in
      endMagicCase(Array(sample.bytes.prefix(Int(sample.manifestOffset) + 100)))
    },
    MalformedCase("truncated mid-trailer") { sample in
      endMagicCase(Array(sample.bytes.dropLast(5)))
    },
  ]

  /// A file whose last 8 bytes are not the end magic.
  private static func endMagicCase(_ bytes: [UInt8]) -> Malformed {
    Malformed(
      bytes, with: .exactly(.badEndMagic(found: Array(bytes.suffix(8)))),
      at: UInt64(bytes.count - 8))
  }

  // MARK: - Trailer

  static let trailerCases: [MalformedCase] = [
    MalformedCase("bad end magic") { sample in
      endMagicCase(sample.flipping(UInt64(sample.bytes.count - 1), mask: 0x20))
    },
    MalformedCase("byte appended after the trailer") { sample in
      endMagicCase(sample.bytes + [0])
    },
    MalformedCase("second trailer appended") { sample in
      let bytes = sample.bytes + sample.bytes.suffix(Layout.trailerByteCount)
      return Malformed(
        bytes,
        with: .exactly(
          .manifestOutOfBounds(
            offset: sample.manifestOffset, byteCount: sample.trailerOffset - sample.manifestOffset,
            fileSize: UInt64(bytes.count))),
        at: sample.trailerOffset + UInt64(Layout.trailerByteCount))
    },
    MalformedCase("non-zero trailer reserved") { sample in
      Malformed(
        sample.storing(UInt32(0xDEAD), at: sample.trailerOffset + 28),
        with: .exactly(.nonZeroReserved(field: "trailer", value: 0xDEAD)),
        at: sample.trailerOffset + 28)
    },
    MalformedCase("manifest length over the limit") { sample in
      let limit = ReadOptions().maximumManifestByteCount
      return Malformed(
        sample.storing(limit + 1, at: sample.trailerOffset + 16),
        with: .exactly(.manifestTooLarge(byteCount: limit + 1, limit: limit)),
        at: sample.trailerOffset + 16)
    },
    MalformedCase("manifest longer than the option allows") { sample in
      var options = ReadOptions()
      options.maximumManifestByteCount = 100
      return Malformed(
        sample.bytes,
        with: .exactly(
          .manifestTooLarge(
            byteCount: sample.trailerOffset - sample.manifestOffset, limit: 100)),
        at: sample.trailerOffset + 16, options: options)
    },
    MalformedCase("stored manifest longer than its text") { sample in
      let length = sample.trailerOffset - sample.manifestOffset
      return Malformed(
        sample.storing(length - 1, at: sample.trailerOffset + 16),
        with: .exactly(.manifestLengthMismatch(stored: length, decoded: length - 1)),
        at: sample.trailerOffset + 8)
    },
    MalformedCase("manifest offset plus length overflows") { sample in
      outOfBounds(
        sample, offset: .max - 15, byteCount: sample.trailerOffset - sample.manifestOffset)
    },
    MalformedCase("manifest ends past the trailer") { sample in
      outOfBounds(
        sample, offset: sample.manifestOffset + 64,
        byteCount: sample.trailerOffset - sample.manifestOffset)
    },
    MalformedCase("manifest starts in the preamble") { sample in
      outOfBounds(sample, offset: 0, byteCount: sample.trailerOffset)
    },
    MalformedCase("manifest ends before the trailer") { sample in
      outOfBounds(
        sample, offset: sample.manifestOffset,
        byteCount: sample.trailerOffset - sample.manifestOffset - 1)
    },
    MalformedCase("manifest checksum mismatch") { sample in
      Malformed(
        sample.storing(sample.manifestCRC32 ^ 0x8000_0001, at: sample.trailerOffset + 24),
        with: .exactly(
          .manifestChecksumMismatch(
            expected: sample.manifestCRC32 ^ 0x8000_0001, actual: sample.manifestCRC32)),
        at: sample.manifestOffset)
    },
    MalformedCase("manifest edited without re-signing") { sample in
      let bytes = sample.flipping(sample.manifestOffset + 20, mask: 0x01)
      let manifest = Array(bytes[Int(sample.manifestOffset)..<Int(sample.trailerOffset)])
      return Malformed(
        bytes,
        with: .exactly(
          .manifestChecksumMismatch(
            expected: sample.manifestCRC32, actual: CRC32.checksum(manifest))),
        at: sample.manifestOffset)
    },
  ]

  /// The sample with its trailer pointing at a plain manifest of `byteCount` bytes from
  /// `offset`.
  private static func outOfBounds(
    _ sample: SampleFile,
    offset: UInt64,
    byteCount: UInt64
  ) -> Malformed {
    var bytes = sample.storing(offset, at: sample.trailerOffset)
    bytes.store(byteCount, at: Int(sample.trailerOffset) + 8)
    bytes.store(byteCount, at: Int(sample.trailerOffset) + 16)
    return Malformed(
      bytes,
      with: .exactly(
        .manifestOutOfBounds(
          offset: offset, byteCount: byteCount, fileSize: UInt64(sample.bytes.count))),
      at: sample.trailerOffset)
  }

  // MARK: - Deflated manifest

  static let deflatedManifestCases: [MalformedCase] = [
    MalformedCase("deflated manifest shorter than declared") { sample in
      let packed = sample.packed
      let length = UInt64(packed.manifestText.count)
      return Malformed(
        packed.storing(length + 1, at: packed.trailerOffset + 16),
        with: .exactly(
          .manifestDecompressionFailed(
            "stream decodes to \(length) bytes, manifest says \(length + 1)")),
        at: UInt64(packed.manifestOffset))
    },
    MalformedCase("deflated manifest longer than declared") { sample in
      let packed = sample.packed
      let length = UInt64(packed.manifestText.count)
      return Malformed(
        packed.storing(length - 1, at: packed.trailerOffset + 16),
        with: .exactly(
          .manifestDecompressionFailed(
            "stream decodes to more than the \(length - 1) bytes recorded")),
        at: UInt64(packed.manifestOffset))
    },
    MalformedCase("deflated manifest with a damaged Adler-32") { sample in
      let packed = sample.packed
      return Malformed(
        packed.flipping(packed.trailerOffset - 1, mask: 0x01),
        with: .exactly(.manifestDecompressionFailed("incorrect data check")),
        at: UInt64(packed.manifestOffset))
    },
    MalformedCase("deflated manifest cut short") { sample in
      let packed = sample.packed
      let stream = Array(packed.manifestStored.dropLast(6))
      return Malformed(
        packed.replacingStoredManifest(with: stream),
        with: .exactly(.manifestDecompressionFailed("stream ends early")),
        at: UInt64(packed.manifestOffset))
    },
    MalformedCase("bytes after the deflated manifest") { sample in
      let packed = sample.packed
      return Malformed(
        packed.replacingStoredManifest(with: packed.manifestStored + [0, 0]),
        with: .exactly(.manifestDecompressionFailed("2 bytes follow the end of the stream")),
        at: UInt64(packed.manifestOffset))
    },
    MalformedCase("manifest bomb: a megabyte of spaces declared as 2 KiB") { sample in
      let packed = sample.packed
      let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 1 << 20)
      let stream = try deflated(spaces)
      var bytes = packed.replacingStoredManifest(with: stream)
      let trailer = bytes.count - Layout.trailerByteCount
      bytes.store(UInt64(2048), at: trailer + 16)
      return Malformed(
        bytes,
        with: .exactly(
          .manifestDecompressionFailed("stream decodes to more than the 2048 bytes recorded")),
        at: UInt64(packed.manifestOffset))
    },
    MalformedCase("deflated manifest whose text is not the signed one") { sample in
      let packed = sample.packed
      var text = packed.manifestText
      let letter = text.firstIndex(of: UInt8(ascii: "w")) ?? 0
      text[letter] = UInt8(ascii: "W")
      let stream = try deflated(text)
      return Malformed(
        packed.replacingStoredManifest(with: stream),
        with: .exactly(
          .manifestChecksumMismatch(
            expected: packed.manifestCRC32, actual: CRC32.checksum(text))),
        at: UInt64(packed.manifestOffset))
    },
  ]

  /// `bytes` as one zlib stream at level 9.
  private static func deflated(_ bytes: [UInt8]) throws -> [UInt8] {
    let stream = bytes.withUnsafeBytes {
      ZlibCodec.deflate($0, strategy: .level(9), limit: bytes.count)
    }
    guard let stream else { throw SampleFileFailure(description: "deflate failed") }
    return stream
  }

  // MARK: - Manifest text

  static let manifestTextCases: [MalformedCase] = [
    MalformedCase("dtype with a line break and an escape sequence") { sample in
      Malformed(
        try sample.editing("weight", ["dtype"], .string("F32\nError: \u{1B}[2J")),
        with: .exactly(.unknownDType("F32\nError: \u{1B}[2J")),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("manifest not UTF-8") { sample in
      var manifest = sample.container.manifestText
      let letter = manifest.firstIndex(of: UInt8(ascii: "w")) ?? 0
      manifest[letter] = 0xFF
      return Malformed(
        sample.container.replacingManifest(with: manifest), with: .exactly(.invalidUTF8),
        at: sample.manifestOffset)
    },
    MalformedCase("manifest with a UTF-8-encoded surrogate") { sample in
      var manifest = sample.container.manifestText
      let letter = manifest.firstIndex(of: UInt8(ascii: "w")) ?? 0
      manifest.replaceSubrange(letter...letter, with: [0xED, 0xA0, 0x80])
      return Malformed(
        sample.container.replacingManifest(with: manifest), with: .exactly(.invalidUTF8),
        at: sample.manifestOffset)
    },
    MalformedCase("manifest not JSON") { sample in
      Malformed(
        sample.container.replacingManifest(with: Array("wpk manifest".utf8)),
        with: .like(.invalidJSON(""), containing: "unexpected character 'w' at byte 0"),
        at: sample.manifestOffset)
    },
    MalformedCase("empty manifest") { sample in
      Malformed(
        sample.container.replacingManifest(with: []),
        with: .like(.invalidJSON(""), containing: "unexpected end of document"),
        at: sample.manifestOffset)
    },
    MalformedCase("JSON with trailing garbage") { sample in
      Malformed(
        sample.editingText { $0 + " }" },
        with: .like(.invalidJSON(""), containing: "unexpected data after the document"),
        at: sample.manifestOffset)
    },
    MalformedCase("duplicate top-level key") { sample in
      Malformed(
        sample.editingText { "{\"format\":\"wpk\"," + $0.dropFirst() },
        with: .like(.invalidJSON(""), containing: "duplicate key 'format'"),
        at: sample.manifestOffset)
    },
    MalformedCase("duplicate key in a tensor") { sample in
      Malformed(
        sample.editingText {
          $0.replacingOccurrences(
            of: "\"dtype\":\"F32\"", with: "\"dtype\":\"F32\",\"dtype\":\"I8\"")
        },
        with: .like(.invalidJSON(""), containing: "duplicate key 'dtype'"),
        at: sample.manifestOffset)
    },
    MalformedCase("nesting too deep") { sample in
      let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
      return Malformed(
        sample.editingText { "{\"deep\":\(deep)," + $0.dropFirst() },
        with: .like(.invalidJSON(""), containing: "nesting deeper than 64"),
        at: sample.manifestOffset)
    },
    MalformedCase("nesting deeper than the option allows") { sample in
      var options = ReadOptions()
      options.maximumJSONDepth = 4
      return Malformed(
        sample.bytes, with: .like(.invalidJSON(""), containing: "nesting deeper than 4"),
        at: sample.manifestOffset, options: options)
    },
  ]

  // MARK: - Schema

  static let schemaCases: [MalformedCase] = [
    MalformedCase("manifest is an array") { sample in
      Malformed(
        sample.container.replacingManifest(with: Array("[]".utf8)),
        with: .exactly(.schemaViolation(field: "manifest", expected: "an object")),
        at: sample.manifestOffset)
    },
    MalformedCase("missing tensors") { sample in
      Malformed(
        try sample.container.replacing(["tensors"], with: nil),
        with: .exactly(.schemaViolation(field: "manifest.tensors", expected: "present")),
        at: sample.manifestOffset)
    },
    MalformedCase("format is not wpk") { sample in
      Malformed(
        try sample.container.replacing(["format"], with: .string("wpz")),
        with: .exactly(.schemaViolation(field: "manifest.format", expected: "\"wpk\"")),
        at: sample.manifestOffset)
    },
    MalformedCase("format_version without a minor") { sample in
      Malformed(
        try sample.container.replacing(["format_version"], with: .string("1")),
        with: .exactly(
          .schemaViolation(field: "manifest.format_version", expected: "\"major.minor\"")),
        at: sample.manifestOffset)
    },
    MalformedCase("format_version with a sign") { sample in
      Malformed(
        try sample.container.replacing(["format_version"], with: .string("+1.0")),
        with: .exactly(
          .schemaViolation(field: "manifest.format_version", expected: "\"major.minor\"")),
        at: sample.manifestOffset)
    },
    MalformedCase("chunk offset written as -0") { sample in
      Malformed(
        try sample.editing("weight", ["chunks", 0, "offset"], .number("-0")),
        with: .exactly(
          .schemaViolation(
            field: "manifest.tensors[0].chunks[0].offset",
            expected: "a non-negative integer below 2^64")),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("format_version disagrees with the preamble") { sample in
      Malformed(
        try sample.container.replacing(["format_version"], with: .string("1.1")),
        with: .exactly(.versionMismatch(preamble: "1.0", manifest: "1.1")), at: 8)
    },
    MalformedCase("metadata value not a string") { sample in
      Malformed(
        try sample.container.replacing(["metadata"], with: .object([("a", .number(1))])),
        with: .exactly(.schemaViolation(field: "manifest.metadata.a", expected: "a string")),
        at: sample.manifestOffset)
    },
    MalformedCase("history entry without a time") { sample in
      let entry = JSONValue.object([
        ("operation", .string("convert")), ("tool", .string("wpk")), ("parameters", .object([])),
      ])
      return Malformed(
        try sample.container.replacing(["history"], with: .array([entry])),
        with: .exactly(.schemaViolation(field: "manifest.history[0].time", expected: "present")),
        at: sample.manifestOffset)
    },
    MalformedCase("shape not an array") { sample in
      Malformed(
        try sample.editing("weight", ["shape"], .string("8x16")),
        with: .exactly(.schemaViolation(field: "manifest.tensors[0].shape", expected: "an array")),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("byte_count not a number") { sample in
      Malformed(
        try sample.editing("weight", ["byte_count"], .string("512")),
        with: .exactly(
          .schemaViolation(
            field: "manifest.tensors[0].byte_count",
            expected: "a non-negative integer below 2^64")),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("chunk offset beyond 2^64") { sample in
      Malformed(
        try sample.editing("weight", ["chunks", 0, "offset"], .number("18446744073709551616")),
        with: .exactly(
          .schemaViolation(
            field: "manifest.tensors[0].chunks[0].offset",
            expected: "a non-negative integer below 2^64")),
        at: sample.manifestOffset, tensor: "weight")
    },
    MalformedCase("chunk crc32 above 32 bits") { sample in
      Malformed(
        try sample.editing("weight", ["chunks", 1, "crc32"], .number(UInt64(1) << 32)),
        with: .exactly(
          .schemaViolation(field: "manifest.tensors[0].chunks[1].crc32", expected: "a u32")),
        at: sample.manifestOffset, tensor: "weight")
    },
  ]
}
