// The subset of the ZIP format (PKWARE APPNOTE 6.3.10) that `.npz` archives use:
//
//   for each member   local header (30 bytes + name + extra), then the member's data
//   then              central directory: one entry per member (46 bytes + name + extra +
//                     comment), each pointing back at its local header
//   then (ZIP64)      ZIP64 end record (56 bytes) and its locator (20 bytes)
//   then              end of central directory record (22 bytes + comment of up to 65535)
//
// All integers are little-endian. A 32-bit size or offset of 0xFFFFFFFF (a 16-bit count of
// 0xFFFF in the end record) means "see ZIP64": the value is in the ZIP64 extra field (id 1)
// of the entry, or in the ZIP64 end record. numpy opens every member with force_zip64, so
// its local headers always carry that extra field, even for tiny members.

/// Signatures, sizes and limits of the ZIP records an `.npz` archive is made of.
enum ZIPLayout {
  /// `PK\x03\x04`: a local file header.
  static let localHeaderSignature: UInt32 = 0x0403_4B50
  /// `PK\x01\x02`: a central directory entry.
  static let centralEntrySignature: UInt32 = 0x0201_4B50
  /// `PK\x05\x06`: the end of central directory record.
  static let endRecordSignature: UInt32 = 0x0605_4B50
  /// `PK\x06\x06`: the ZIP64 end of central directory record.
  static let zip64EndRecordSignature: UInt32 = 0x0606_4B50
  /// `PK\x06\x07`: the ZIP64 end of central directory locator.
  static let zip64LocatorSignature: UInt32 = 0x0706_4B50

  /// The fixed part of a local header, in bytes.
  static let localHeaderByteCount = 30
  /// The fixed part of a central directory entry, in bytes.
  static let centralEntryByteCount = 46
  /// The fixed part of the end record, in bytes.
  static let endRecordByteCount = 22
  /// The ZIP64 end record as written here (no extensible data), in bytes.
  static let zip64EndRecordByteCount = 56
  /// The ZIP64 locator, in bytes.
  static let zip64LocatorByteCount = 20
  /// The longest end-record comment, in bytes.
  static let maximumCommentByteCount = 0xFFFF
  /// How far from the end the end record may start: its size plus the longest comment.
  static let endRecordSearchByteCount = 22 + 0xFFFF

  /// The header id of the ZIP64 extended information extra field.
  static let zip64ExtraID: UInt16 = 0x0001
  /// The largest value a 32-bit size or offset field holds; larger ones need ZIP64.
  static let zip64Limit: UInt64 = 0xFFFF_FFFF

  /// Compression method 0: the data is stored as is.
  static let methodStored: UInt16 = 0
  /// Compression method 8: the data is one raw deflate stream.
  static let methodDeflated: UInt16 = 8

  /// General-purpose flag bit 0: the member is encrypted.
  static let flagEncrypted: UInt16 = 1 << 0
  /// General-purpose flag bit 3: sizes and CRC follow the data in a data descriptor.
  static let flagDataDescriptor: UInt16 = 1 << 3
  /// General-purpose flag bit 6: strong encryption.
  static let flagStrongEncryption: UInt16 = 1 << 6
  /// General-purpose flag bit 11: the name is UTF-8.
  static let flagUTF8: UInt16 = 1 << 11
}
