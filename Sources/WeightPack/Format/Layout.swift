/// Fixed sizes and magic numbers of the `.wpk` container (Spec/FORMAT.md, "File layout").
///
/// A file is: the preamble (16 bytes) and zero padding up to byte 64; the data region of
/// 64-byte-aligned chunks with zero padding between them; the manifest (UTF-8 JSON); and a
/// 40-byte trailer that ends the file.
public enum Layout {
  /// The preamble's first 8 bytes: `89 57 50 4B 0D 0A 1A 0A` ("\x89WPK\r\n\x1a\n").
  public static let magic: [UInt8] = [0x89, 0x57, 0x50, 0x4B, 0x0D, 0x0A, 0x1A, 0x0A]

  /// The trailer's last 8 bytes: `57 50 4B 2D 45 4E 44 0A` ("WPK-END\n").
  public static let endMagic: [UInt8] = [0x57, 0x50, 0x4B, 0x2D, 0x45, 0x4E, 0x44, 0x0A]

  /// The preamble's length in bytes: magic, major, minor and 4 reserved bytes.
  public static let preambleByteCount = 16

  /// The trailer's length in bytes.
  public static let trailerByteCount = 40

  /// The offset of the data region, and the alignment of every chunk, in bytes.
  public static let alignment: UInt64 = 64

  /// The offset at which the data region begins: bytes from the start of the file.
  public static let dataOffset: UInt64 = 64

  /// Rounds `offset` up to the next multiple of `alignment`.
  static func aligned(_ offset: UInt64) -> UInt64 {
    (offset + alignment - 1) / alignment * alignment
  }
}
