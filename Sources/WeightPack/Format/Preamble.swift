/// The first 16 bytes of a `.wpk` file: magic number and format version.
///
/// Layout (little-endian): bytes 0..<8 `Layout.magic`; 8..<10 major version (u16);
/// 10..<12 minor version (u16); 12..<16 reserved, zero. Bytes 16..<64 are zero padding.
/// See Spec/FORMAT.md, "Preamble".
public struct Preamble: Sendable, Hashable {
  /// The format version the file was written in.
  public var version: FormatVersion

  /// Creates a preamble for `version`.
  public init(version: FormatVersion = .original) {
    self.version = version
  }

  /// Reads and checks the first 64 bytes of a file.
  ///
  /// - Parameters:
  ///   - bytes: The file's first bytes, up to 64 of them (fewer if the file is short).
  ///   - fileSize: The size of the whole file in bytes.
  /// - Throws: `WeightPackError` of kind `.truncated`, `.badMagic`, `.unsupportedVersion`,
  ///   `.nonZeroReserved` or `.nonZeroPadding`, with the offset of the bad field.
  init(parsing bytes: [UInt8], fileSize: UInt64) throws {
    var reader = ByteReader(bytes)
    let magic = try reader.readBytes(Layout.magic.count, for: "magic number")
    guard magic == Layout.magic else {
      throw WeightPackError(.badMagic(found: magic), offset: 0)
    }
    let major = try reader.readInteger(as: UInt16.self, for: "format version")
    let minor = try reader.readInteger(as: UInt16.self, for: "format version")
    let version = FormatVersion(major: major, minor: minor)
    guard major == FormatVersion.current.major else {
      throw WeightPackError(
        .unsupportedVersion(found: version.description, newest: FormatVersion.current.description),
        offset: 8)
    }
    let reserved = try reader.readInteger(as: UInt32.self, for: "preamble")
    guard reserved == 0 else {
      throw WeightPackError(.nonZeroReserved(field: "flags", value: UInt64(reserved)), offset: 12)
    }
    let padding = try reader.readBytes(
      Int(Layout.dataOffset) - Layout.preambleByteCount, for: "preamble padding")
    if let index = padding.firstIndex(where: { $0 != 0 }) {
      let offset = UInt64(Layout.preambleByteCount + index)
      throw WeightPackError(.nonZeroPadding(offset: offset), offset: offset)
    }
    self.version = version
  }

  /// The 64 bytes a writer puts at the start of the file: preamble and padding.
  var bytes: [UInt8] {
    var writer = ByteWriter()
    writer.append(Layout.magic)
    writer.append(version.major)
    writer.append(version.minor)
    writer.append(UInt32(0))
    writer.appendZeros(Int(Layout.dataOffset) - Layout.preambleByteCount)
    return writer.bytes
  }
}
