@testable import WeightPack

/// Builds GGUF files byte by byte, for tests that break them on purpose.
///
/// The valid file it makes by default: version 3; one metadata pair
/// `general.architecture = "test"` (bytes 24..<68); one F32 tensor `w` of ggml dimensions
/// [32, 2] at data offset 0 (its info at bytes 68..<109: name length 68, name 76, dimension
/// count 77, dimensions 81 and 89, type 97, offset 101); zero padding to 128; 256 bytes of
/// data. 384 bytes in all.
struct GGUFBytes {
  var magic: [UInt8] = Array("GGUF".utf8)
  var version: UInt32 = 3
  var metadata: [[UInt8]] = [
    GGUFBytes.kv("general.architecture", type: 8, GGUFBytes.string("test"))
  ]
  var tensors: [[UInt8]] = [GGUFBytes.tensor("w", dimensions: [32, 2], type: 0, offset: 0)]
  var tensorCount: UInt64?
  var metadataCount: UInt64?
  var alignment = 32
  var dataByteCount = 256

  /// The file.
  var bytes: [UInt8] {
    var writer = ByteWriter()
    writer.append(magic)
    writer.append(version)
    writer.append(tensorCount ?? UInt64(tensors.count))
    writer.append(metadataCount ?? UInt64(metadata.count))
    for pair in metadata { writer.append(pair) }
    for info in tensors { writer.append(info) }
    let length = writer.bytes.count
    writer.appendZeros((alignment - length % alignment) % alignment)
    writer.append((0..<dataByteCount).map { UInt8(truncatingIfNeeded: $0) })
    return writer.bytes
  }

  /// A GGUF string: `u64` length and the bytes.
  static func string(_ text: String) -> [UInt8] { string(bytes: Array(text.utf8)) }

  /// A GGUF string of raw bytes.
  static func string(bytes: [UInt8]) -> [UInt8] {
    littleEndianBytes([UInt64(bytes.count)]) + bytes
  }

  /// A metadata pair: key, `u32` type, value bytes.
  static func kv(_ key: String, type: UInt32, _ value: [UInt8]) -> [UInt8] {
    string(key) + littleEndianBytes([type]) + value
  }

  /// An array value: element type, count, elements.
  static func array(of type: UInt32, count: UInt64, _ elements: [UInt8]) -> [UInt8] {
    littleEndianBytes([type]) + littleEndianBytes([count]) + elements
  }

  /// A tensor info.
  static func tensor(
    _ name: String,
    dimensions: [UInt64],
    type: UInt32,
    offset: UInt64,
    rank: UInt32? = nil
  ) -> [UInt8] {
    string(name) + littleEndianBytes([rank ?? UInt32(dimensions.count)])
      + littleEndianBytes(dimensions) + littleEndianBytes([type]) + littleEndianBytes([offset])
  }
}
