/// The last 40 bytes of a `.wpk` file: where the manifest is, how it is stored, and its
/// checksum.
///
/// Layout (little-endian): manifest offset (u64, bytes from the start of the file); stored
/// manifest length (u64); decoded manifest length (u64); CRC-32 of the decoded manifest (u32);
/// reserved (u32, zero); `Layout.endMagic` (8 bytes). The manifest is stored as UTF-8 JSON
/// when the two lengths are equal and as one zlib stream of that JSON when the stored length
/// is shorter. See Spec/FORMAT.md, "Trailer".
public struct Trailer: Sendable, Hashable {
  /// The offset of the manifest's first byte from the start of the file.
  public var manifestOffset: UInt64
  /// The manifest's length in the file, in bytes.
  public var manifestStoredByteCount: UInt64
  /// The length of the manifest's JSON text, in bytes.
  public var manifestByteCount: UInt64
  /// The CRC-32 of the manifest's JSON text.
  public var manifestCRC32: UInt32

  /// Whether the manifest is stored as a zlib stream rather than as plain JSON.
  public var isManifestCompressed: Bool { manifestStoredByteCount != manifestByteCount }

  /// Creates a trailer.
  ///
  /// - Parameters:
  ///   - manifestOffset: Where the stored manifest begins.
  ///   - manifestStoredByteCount: The stored manifest's length; `nil` for a manifest stored
  ///     as plain JSON, whose stored length is `manifestByteCount`.
  ///   - manifestByteCount: The length of the manifest's JSON text.
  ///   - manifestCRC32: The CRC-32 of the JSON text.
  public init(
    manifestOffset: UInt64,
    manifestStoredByteCount: UInt64? = nil,
    manifestByteCount: UInt64,
    manifestCRC32: UInt32
  ) {
    self.manifestOffset = manifestOffset
    self.manifestStoredByteCount = manifestStoredByteCount ?? manifestByteCount
    self.manifestByteCount = manifestByteCount
    self.manifestCRC32 = manifestCRC32
  }

  /// Reads and checks a trailer's fixed fields.
  ///
  /// - Parameters:
  ///   - bytes: The file's last `Layout.trailerByteCount` bytes.
  ///   - fileOffset: The offset of `bytes` in the file, for error messages.
  /// - Throws: `WeightPackError` of kind `.badEndMagic` or `.nonZeroReserved`.
  init(parsing bytes: [UInt8], fileOffset: UInt64) throws {
    var reader = ByteReader(bytes, baseOffset: fileOffset)
    let offset = try reader.readInteger(as: UInt64.self, for: "trailer")
    let stored = try reader.readInteger(as: UInt64.self, for: "trailer")
    let decoded = try reader.readInteger(as: UInt64.self, for: "trailer")
    let crc = try reader.readInteger(as: UInt32.self, for: "trailer")
    let reserved = try reader.readInteger(as: UInt32.self, for: "trailer")
    let magic = try reader.readBytes(Layout.endMagic.count, for: "trailer")
    guard magic == Layout.endMagic else {
      throw WeightPackError(.badEndMagic(found: magic), offset: fileOffset + Self.endMagicOffset)
    }
    guard reserved == 0 else {
      throw WeightPackError(
        .nonZeroReserved(field: "trailer", value: UInt64(reserved)),
        offset: fileOffset + Self.reservedOffset)
    }
    self.init(
      manifestOffset: offset, manifestStoredByteCount: stored, manifestByteCount: decoded,
      manifestCRC32: crc)
  }

  /// The trailer's bytes.
  var bytes: [UInt8] {
    var writer = ByteWriter()
    writer.append(manifestOffset)
    writer.append(manifestStoredByteCount)
    writer.append(manifestByteCount)
    writer.append(manifestCRC32)
    writer.append(UInt32(0))
    writer.append(Layout.endMagic)
    return writer.bytes
  }

  // The fields' offsets within the trailer.
  static let storedByteCountOffset: UInt64 = 8
  static let byteCountOffset: UInt64 = 16
  static let crcOffset: UInt64 = 24
  static let reservedOffset: UInt64 = 28
  static let endMagicOffset: UInt64 = 32
}
