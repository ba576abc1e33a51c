import Foundation
import Testing

@testable import WeightPack

/// A fresh directory under the system's temporary directory, removed when released.
final class TemporaryDirectory {
  /// The directory's absolute path.
  let path: String

  /// Creates the directory.
  init() throws {
    let base = FileManager.default.temporaryDirectory.path
    path = base + "/wpk-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// The path of `name` inside the directory.
  func file(_ name: String) -> String { path + "/" + name }

  /// The names of the entries in the directory, hidden ones included, sorted.
  func entries() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }
}

/// A small, fast pseudo-random generator (SplitMix64), so test data is the same every run.
struct SplitMix {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// `count` pseudo-random bytes.
  mutating func bytes(_ count: Int) -> [UInt8] {
    (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
  }
}

/// The repository's `Fixtures/wpk` directory, found from this file's location.
let wpkFixturesDirectory: String = {
  // This file is Tests/WeightPackTests/Support/TestSupport.swift.
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<4 { url.deleteLastPathComponent() }
  return url.path + "/Fixtures/wpk"
}()

/// The repository's `Fixtures/malformed/wpk` directory.
let malformedWPKFixturesDirectory: String = {
  var url = URL(fileURLWithPath: wpkFixturesDirectory)
  url.deleteLastPathComponent()
  return url.path + "/malformed/wpk"
}()

/// Whether fixture tests should rewrite the fixtures instead of comparing with them.
let regeneratesFixtures = ProcessInfo.processInfo.environment["WPK_REGENERATE_FIXTURES"] == "1"

// MARK: - Bytes

/// The little-endian bytes of `values`.
func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
  var writer = ByteWriter()
  for value in values { writer.append(value) }
  return writer.bytes
}

/// The little-endian bytes of `values`, as IEEE 754 binary32.
func float32Bytes(_ values: [Float]) -> [UInt8] {
  littleEndianBytes(values.map(\.bitPattern))
}

/// The little-endian bytes of `values`, as IEEE 754 binary64.
func float64Bytes(_ values: [Double]) -> [UInt8] {
  littleEndianBytes(values.map(\.bitPattern))
}

/// Decodes little-endian integers of type `T` from `bytes`.
func integers<T: FixedWidthInteger>(_ bytes: [UInt8], as _: T.Type) -> [T] {
  let width = MemoryLayout<T>.size
  return stride(from: 0, to: bytes.count - width + 1, by: width).map { start in
    var value: T = 0
    for index in 0..<width { value |= T(truncatingIfNeeded: bytes[start + index]) << (8 * index) }
    return value
  }
}

extension Array where Element == UInt8 {
  /// Overwrites the little-endian bytes at `offset` with `value`.
  mutating func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    let bytes = littleEndianBytes([value])
    replaceSubrange(offset..<offset + bytes.count, with: bytes)
  }

  /// The little-endian integer at `offset`.
  func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
    integers(Array(self[offset..<offset + MemoryLayout<T>.size]), as: T.self)[0]
  }
}

// MARK: - Files

/// Writes `bytes` to `path`, replacing any file there.
func writeBytes(_ bytes: [UInt8], to path: String) throws {
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Reads the whole file at `path`.
func readBytes(at path: String) throws -> [UInt8] {
  Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Writer options that make small, reproducible files: one worker and the given chunk size.
func smallWriteOptions(chunkByteCount: Int = 64, codec: Codec = .zlib) -> WriteOptions {
  var options = WriteOptions()
  options.chunkByteCount = chunkByteCount
  options.codec = codec
  options.workerCount = 1
  return options
}

/// A tensor to write in a test: its name, dtype, shape and bytes.
struct TestTensor: Sendable {
  var name: String
  var dtype: DType
  var dimensions: [UInt64]
  var bytes: [UInt8]
}

/// Writes `tensors` to `path` and returns the file's bytes.
@discardableResult
func writeFile(
  _ tensors: [TestTensor],
  to path: String,
  options: WriteOptions = smallWriteOptions(),
  metadata: [String: String] = [:]
) throws -> [UInt8] {
  let writer = try WeightWriter(path: path, options: options)
  writer.metadata = metadata
  for tensor in tensors {
    try writer.write(
      named: tensor.name, dtype: tensor.dtype, shape: try Shape(tensor.dimensions),
      bytes: tensor.bytes)
  }
  try writer.finish()
  return try readBytes(at: path)
}

// MARK: - Manifest surgery

/// A step in a path into a JSON document: an object key or an array index.
enum JSONStep: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, Sendable {
  case key(String)
  case index(Int)

  init(stringLiteral value: String) { self = .key(value) }
  init(integerLiteral value: Int) { self = .index(value) }
}

extension JSONValue {
  /// This value with the value at `path` replaced by `replacement`, or removed if it is nil.
  ///
  /// A missing object key is added at the end of its object.
  func replacing(_ path: [JSONStep], with replacement: JSONValue?) -> JSONValue {
    guard let step = path.first else { return replacement ?? .null }
    let rest = Array(path.dropFirst())
    switch (self, step) {
    case (.object(var members), .key(let key)):
      if let index = members.firstIndex(where: { $0.0 == key }) {
        if rest.isEmpty, replacement == nil {
          members.remove(at: index)
        } else {
          members[index].1 = members[index].1.replacing(rest, with: replacement)
        }
      } else if let replacement, rest.isEmpty {
        members.append((key, replacement))
      }
      return .object(members)
    case (.array(var elements), .index(let index)) where elements.indices.contains(index):
      if rest.isEmpty, replacement == nil {
        elements.remove(at: index)
      } else {
        elements[index] = elements[index].replacing(rest, with: replacement)
      }
      return .array(elements)
    default:
      return self
    }
  }

  /// The value at `path`, if there is one.
  func value(at path: [JSONStep]) -> JSONValue? {
    guard let step = path.first else { return self }
    switch (self, step) {
    case (.object(let members), .key(let key)):
      return members.first { $0.0 == key }?.1.value(at: Array(path.dropFirst()))
    case (.array(let elements), .index(let index)) where elements.indices.contains(index):
      return elements[index].value(at: Array(path.dropFirst()))
    default:
      return nil
    }
  }
}

/// A `.wpk` file taken apart into its data region and manifest, to be edited and put back.
struct ContainerBytes: Sendable {
  /// The whole file.
  var bytes: [UInt8]

  /// The trailer's offset.
  var trailerOffset: Int { bytes.count - Layout.trailerByteCount }

  /// The manifest's offset, as the trailer records it.
  var manifestOffset: Int { Int(bytes.load(UInt64.self, at: trailerOffset)) }

  /// The manifest's stored bytes (JSON text, or a zlib stream of it), as the trailer locates
  /// them.
  var manifestStored: [UInt8] { Array(bytes[manifestOffset..<trailerOffset]) }

  /// The manifest's decoded length, as the trailer records it.
  var manifestByteCount: Int { Int(bytes.load(UInt64.self, at: trailerOffset + 16)) }

  /// The manifest's CRC-32, as the trailer records it.
  var manifestCRC32: UInt32 { bytes.load(UInt32.self, at: trailerOffset + 24) }

  /// The manifest's JSON text, inflated when it is stored deflated.
  var manifestText: [UInt8] {
    let stored = manifestStored
    guard stored.count != manifestByteCount else { return stored }
    return
      (try? uninitializedBytes(manifestByteCount) { output in
        try stored.withUnsafeBytes { try ZlibCodec.inflate($0, into: output) }
      }) ?? []
  }

  /// The parsed manifest.
  func manifestJSON() throws -> JSONValue { try JSONParser.parse(manifestText) }

  /// The file with its manifest replaced by the plain JSON text `manifest` and the trailer
  /// re-signed.
  func replacingManifest(with manifest: [UInt8]) -> [UInt8] {
    let trailer = Trailer(
      manifestOffset: UInt64(manifestOffset), manifestByteCount: UInt64(manifest.count),
      manifestCRC32: CRC32.checksum(manifest))
    return Array(bytes[..<manifestOffset]) + manifest + trailer.bytes
  }

  /// The file with the manifest's stored bytes replaced by `stored`, and the trailer's stored
  /// length updated; its decoded length and CRC-32 stay as they were.
  func replacingStoredManifest(with stored: [UInt8]) -> [UInt8] {
    let trailer = Trailer(
      manifestOffset: UInt64(manifestOffset), manifestStoredByteCount: UInt64(stored.count),
      manifestByteCount: UInt64(manifestByteCount), manifestCRC32: manifestCRC32)
    return Array(bytes[..<manifestOffset]) + stored + trailer.bytes
  }

  /// The file with the manifest value at `path` replaced (or removed), re-signed.
  func replacing(_ path: [JSONStep], with value: JSONValue?) throws -> [UInt8] {
    let json = try manifestJSON().replacing(path, with: value)
    return replacingManifest(with: JSONWriter.compact(json))
  }

  /// The file with the byte at `offset` XOR-ed with `mask`.
  func flipping(_ offset: Int, mask: UInt8 = 0xFF) -> [UInt8] {
    var copy = bytes
    copy[offset] ^= mask
    return copy
  }

  /// The file with `value` stored little-endian at `offset`.
  func storing<T: FixedWidthInteger>(_ value: T, at offset: Int) -> [UInt8] {
    var copy = bytes
    copy.store(value, at: offset)
    return copy
  }
}
