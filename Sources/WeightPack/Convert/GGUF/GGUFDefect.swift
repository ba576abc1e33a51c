/// A way in which a GGUF file breaks the rules of its format (ggml's `docs/gguf.md`, and the
/// checks of its reader `gguf.cpp`).
///
/// Each case carries the values that show the problem; the wording is in
/// `WeightPackError+Description.swift`. Problems that other formats share (truncation, a
/// duplicate tensor name, too many dimensions, a size that overflows) use the general kinds.
public enum GGUFDefect: Sendable, Equatable {
  /// The first four bytes are not `GGUF`.
  case badMagic(found: [UInt8])
  /// The version field reads as a byte-swapped small number: the file is big-endian, which
  /// WeightPack does not read.
  case byteSwappedVersion(UInt32)
  /// A count declares more items than the bytes left in the file could hold.
  case countTooLarge(subject: String, count: UInt64, limit: UInt64)
  /// The metadata arrays hold more elements, all together, than a reader keeps in memory.
  case tooManyArrayElements(count: UInt64, limit: UInt64)
  /// A metadata value type is not one of GGUF's 13.
  case invalidValueType(UInt32)
  /// Arrays nest deeper than the limit.
  case nestingTooDeep(limit: Int)
  /// A metadata key appears more than once.
  case duplicateKey(String)
  /// A key, string value or tensor name is not valid UTF-8.
  case invalidUTF8(subject: String)
  /// A Boolean byte is neither 0 nor 1.
  case invalidBool(UInt8)
  /// `general.alignment` is not a `u32` power of two; `value` shows its type and value.
  case badAlignment(value: String)
  /// A tensor name is longer than GGUF allows.
  case nameTooLong(byteCount: Int, limit: Int)
  /// A dimension is negative when read as a signed 64-bit integer, as ggml reads it.
  case negativeDimension(UInt64)
  /// A tensor type number is not a ggml type.
  case unknownTensorType(UInt32)
  /// A tensor type is a real ggml type that WeightPack does not store, such as `Q4_1`.
  case unsupportedTensorType(String)
  /// A block type's rows (`ne[0]`, the innermost dimension) are not whole blocks.
  case rowNotWholeBlocks(type: String, rowLength: UInt64, blockLength: Int)
  /// A tensor's offset is not a multiple of the alignment.
  case misalignedTensor(offset: UInt64, alignment: UInt64)
  /// A tensor's data reaches past the end of the file.
  case tensorOutOfBounds(start: UInt64, end: UInt64, fileSize: UInt64)
  /// A tensor's data overlaps the tensor before it.
  case overlappingTensors(start: UInt64, previousEnd: UInt64)
  /// The header (metadata and tensor infos) is longer than the manifest limit.
  case headerTooLarge(limit: UInt64)
}
