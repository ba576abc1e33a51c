/// The parsed and validated header of a GGUF file: version, metadata and tensor infos.
///
/// Layout (little-endian, no padding between fields): magic `GGUF`; `u32` version (2 or 3);
/// `u64` tensor count; `u64` metadata count; the metadata (a string key, a `u32` value type,
/// the value); the tensor infos (a string name, a `u32` dimension count, that many `u64`
/// dimensions fastest-varying first, a `u32` ggml type, a `u64` offset from the start of the
/// data); zero padding up to the alignment; the data. A string is a `u64` byte count and
/// that many bytes of UTF-8. See `Spec/FORMAT.md` and ggml's `docs/gguf.md`.
struct GGUFHeader: Sendable {
  /// The magic number, `GGUF`.
  static let magic: [UInt8] = [0x47, 0x47, 0x55, 0x46]
  /// The versions read: 2 (64-bit counts) and 3 (the same layout, which also allows
  /// big-endian files, refused here).
  static let supportedVersions: ClosedRange<UInt32> = 2...3
  /// The alignment of tensor data when `general.alignment` is absent, in bytes.
  static let defaultAlignment: UInt64 = 32
  /// The most dimensions a GGUF tensor has (`GGML_MAX_DIMS`).
  static let maximumRank = 4
  /// The longest tensor name in bytes (`GGML_MAX_NAME` less its terminating zero).
  static let maximumNameByteCount = 63
  /// How deep arrays may nest in metadata; an array of arrays is depth 2.
  ///
  /// ggml's own reader refuses nesting altogether; gguf-py writes it, so a few levels are
  /// read.
  static let maximumArrayNesting = 8

  /// The most metadata array elements a file may hold, over all its arrays: 16 Mi, fifty
  /// times a large tokenizer's vocabulary, merges and token types together.
  static let maximumMetadataElementCount: UInt64 = 1 << 24

  /// One tensor's record.
  struct TensorInfo: Sendable {
    /// The tensor's name and its row-major shape (GGUF's dimensions reversed).
    var descriptor: TensorDescriptor
    /// The ggml type number.
    var typeNumber: UInt32
    /// The data's offset from the start of the data section, in bytes.
    var offset: UInt64
    /// The data's length in bytes.
    var byteCount: UInt64
    /// Where in the file the info's offset field is, for messages.
    var fieldOffset: UInt64
  }

  /// The version: 2 or 3.
  var version: UInt32
  /// The metadata, in file order.
  var metadata: [TypedMetadataEntry]
  /// The tensors, in file order.
  var tensors: [TensorInfo]
  /// The alignment of tensor data, in bytes.
  var alignment: UInt64
  /// The offset of the data section, from the start of the file.
  var dataOffset: UInt64

  /// Reads and validates the header of `file`.
  ///
  /// The checks follow ggml's `gguf.cpp`: the magic; the version; every count bounded by the
  /// bytes left; every string and array length checked against the bytes left before
  /// anything is allocated; array nesting; duplicate keys and names; value types; the
  /// alignment; dimension counts and values with overflow checks; known types and whole
  /// blocks per row; then every tensor aligned, inside the file and not overlapping another.
  ///
  /// - Parameters:
  ///   - file: The open file.
  ///   - maximumHeaderByteCount: The longest header read, in bytes (the manifest limit:
  ///     the header becomes a `.wpk` manifest).
  /// - Returns: The header, checked against the file's size.
  /// - Throws: `WeightPackError` of kind `.truncated`, `.unsupportedVersion`,
  ///   `.duplicateTensorName`, `.invalidTensorName`, `.rankTooLarge`, `.sizeOverflow` or
  ///   `.malformedGGUF`, with the offset of the bad field.
  static func read(from file: SystemFile, maximumHeaderByteCount: UInt64) throws -> GGUFHeader {
    var cursor = GGUFCursor(file: file, limit: maximumHeaderByteCount)
    let version = try readPrefix(&cursor)
    let tensorCount = try readCount(&cursor, of: "tensor count", minimumItemByteCount: 24)
    let metadataCount = try readCount(&cursor, of: "metadata count", minimumItemByteCount: 13)
    var reader = GGUFMetadataReader()
    let metadata = try reader.readMetadata(&cursor, count: metadataCount)
    let alignment = try alignment(of: metadata, at: reader.alignmentOffset)
    let tensors = try readTensorInfos(&cursor, count: tensorCount, alignment: alignment)
    let (dataOffset, overflow) = cursor.offset.addingReportingOverflow(
      (alignment - cursor.offset % alignment) % alignment)
    guard !overflow else { throw WeightPackError(.sizeOverflow, offset: cursor.offset) }
    try validatePlacement(of: tensors, dataOffset: dataOffset, fileSize: file.size)
    return GGUFHeader(
      version: version, metadata: metadata, tensors: tensors, alignment: alignment,
      dataOffset: dataOffset)
  }

  private static func readPrefix(_ cursor: inout GGUFCursor) throws -> UInt32 {
    let magic = try cursor.bytes(4, for: "magic number")
    guard magic == Self.magic else {
      throw WeightPackError(.malformedGGUF(.badMagic(found: magic)), offset: 0)
    }
    let version = try cursor.integer(UInt32.self, for: "version")
    if version & 0xFFFF == 0 && version != 0 {
      throw WeightPackError(.malformedGGUF(.byteSwappedVersion(version)), offset: 4)
    }
    guard supportedVersions.contains(version) else {
      throw WeightPackError(
        .unsupportedVersion(found: String(version), newest: String(supportedVersions.upperBound)),
        offset: 4)
    }
    return version
  }

  /// Reads a `u64` count of items that take at least `minimumItemByteCount` bytes each.
  private static func readCount(
    _ cursor: inout GGUFCursor,
    of subject: String,
    minimumItemByteCount: UInt64
  ) throws -> UInt64 {
    let start = cursor.offset
    let count = try cursor.integer(UInt64.self, for: subject)
    let limit = cursor.remaining / minimumItemByteCount
    guard count <= limit else {
      throw WeightPackError(
        .malformedGGUF(.countTooLarge(subject: subject, count: count, limit: limit)),
        offset: start)
    }
    return count
  }

  private static func alignment(
    of metadata: [TypedMetadataEntry],
    at offset: UInt64?
  ) throws -> UInt64 {
    guard let entry = metadata.first(where: { $0.key == "general.alignment" }) else {
      return defaultAlignment
    }
    guard case .uint32(let value) = entry.value, value != 0, value & (value - 1) == 0 else {
      throw WeightPackError(
        .malformedGGUF(.badAlignment(value: entry.value.typedDescription)), offset: offset)
    }
    return UInt64(value)
  }
}
