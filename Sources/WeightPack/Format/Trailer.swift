/// The last 32 bytes of a `.wpk` file: where the manifest is, and its checksum.
///
/// Layout (little-endian): manifest offset (u64, bytes from the start of the file); manifest
/// length in bytes (u64); CRC-32 of the manifest bytes (u32); reserved (u32, zero);
/// `Layout.endMagic` (8 bytes). See Spec/FORMAT.md, "Trailer".
public struct Trailer: Sendable, Hashable {
  /// The offset of the manifest's first byte from the start of the file.
  public var manifestOffset: UInt64
  /// The manifest's length in bytes.
  public var manifestByteCount: UInt64
  /// The CRC-32 of the manifest's bytes.
  public var manifestCRC32: UInt32

  /// Creates a trailer.
  public init(manifestOffset: UInt64, manifestByteCount: UInt64, manifestCRC32: UInt32) {
    self.manifestOffset = manifestOffset
    self.manifestByteCount = manifestByteCount
    self.manifestCRC32 = manifestCRC32
  }

  /// Reads and checks a trailer.
  ///
  /// - Parameters:
  ///   - bytes: The file's last 32 bytes.
  ///   - fileOffset: The offset of `bytes` in the file, for error messages.
  /// - Throws: `WeightPackError` of kind `.badEndMagic` or `.nonZeroReserved`.
  init(parsing bytes: [UInt8], fileOffset: UInt64) throws {
    var reader = ByteReader(bytes, baseOffset: fileOffset)
    let offset = try reader.readInteger(as: UInt64.self, for: "trailer")
    let byteCount = try reader.readInteger(as: UInt64.self, for: "trailer")
    let crc = try reader.readInteger(as: UInt32.self, for: "trailer")
    let reserved = try reader.readInteger(as: UInt32.self, for: "trailer")
    let magic = try reader.readBytes(Layout.endMagic.count, for: "trailer")
    guard magic == Layout.endMagic else {
      throw WeightPackError(.badEndMagic(found: magic), offset: fileOffset + 24)
    }
    guard reserved == 0 else {
      throw WeightPackError(
        .nonZeroReserved(field: "trailer", value: UInt64(reserved)), offset: fileOffset + 20)
    }
    self.init(manifestOffset: offset, manifestByteCount: byteCount, manifestCRC32: crc)
  }

  /// The trailer's 32 bytes.
  var bytes: [UInt8] {
    var writer = ByteWriter()
    writer.append(manifestOffset)
    writer.append(manifestByteCount)
    writer.append(manifestCRC32)
    writer.append(UInt32(0))
    writer.append(Layout.endMagic)
    return writer.bytes
  }
}
