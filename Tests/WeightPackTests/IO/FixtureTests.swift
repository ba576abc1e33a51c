import Foundation
import Testing

@testable import WeightPack

/// A fixture in `Fixtures/wpk`: how it is written, so a test can write it again and compare.
struct WPKFixture: Sendable, CustomTestStringConvertible {
  let name: String
  let tensors: [TestTensor]
  let options: WriteOptions

  var testDescription: String { name }

  /// The fixtures, whose content `Fixtures/wpk/README.md` documents.
  static let all: [WPKFixture] = [
    WPKFixture(
      name: "tiny.wpk",
      tensors: [
        TestTensor(
          name: "x", dtype: .float32, dimensions: [2, 3],
          bytes: float32Bytes([0.5, 1, 1.5, 2, 2.5, 3]))
      ], options: smallWriteOptions()),
    WPKFixture(
      name: "int64.wpk",
      tensors: [
        TestTensor(
          name: "ids", dtype: .int64, dimensions: [4, 4],
          bytes: littleEndianBytes((0..<16).map { Int64($0) - 8 })),
        TestTensor(
          name: "step", dtype: .int64, dimensions: [],
          bytes: littleEndianBytes([Int64(1_234_567_890_123)])),
      ], options: smallWriteOptions()),
    WPKFixture(
      name: "raw.wpk",
      tensors: [
        TestTensor(
          name: "u8", dtype: .uint8, dimensions: [3, 100],
          bytes: (0..<300).map { UInt8($0 % 251) }),
        TestTensor(
          name: "f64", dtype: .float64, dimensions: [2, 2],
          bytes: float64Bytes([1, -2, 0.25, 1e300])),
        TestTensor(name: "empty", dtype: .float32, dimensions: [0, 4], bytes: []),
      ], options: smallWriteOptions(chunkByteCount: 128, codec: .raw)),
    WPKFixture(
      name: "compressed.wpk",
      tensors: [
        TestTensor(
          name: "ramp", dtype: .float32, dimensions: [16, 16],
          bytes: float32Bytes((0..<256).map { Float($0 % 16) / 16 })),
        TestTensor(
          name: "mask", dtype: .bool, dimensions: [256],
          bytes: (0..<256).map { $0 % 32 == 0 ? 1 : 0 }),
      ], options: deflatedManifest(smallWriteOptions(chunkByteCount: 512))),
  ]

  /// `options` with the manifest deflated however short it is.
  private static func deflatedManifest(_ options: WriteOptions) -> WriteOptions {
    var copy = options
    copy.manifestCompressionThreshold = 0
    return copy
  }

  /// The fixture's bytes, freshly written.
  func written() throws -> [UInt8] {
    let directory = try TemporaryDirectory()
    return try writeFile(
      tensors, to: directory.file(name), options: options, metadata: ["fixture": name])
  }

  /// The path of the committed file.
  var path: String { wpkFixturesDirectory + "/" + name }
}

@Suite struct FixtureTests {
  /// The writer still produces each committed fixture byte for byte.
  ///
  /// Run with `WPK_REGENERATE_FIXTURES=1` to rewrite them after a deliberate format change.
  @Test(arguments: WPKFixture.all)
  func writerReproducesFixture(_ fixture: WPKFixture) throws {
    let bytes = try fixture.written()
    if regeneratesFixtures {
      try FileManager.default.createDirectory(
        atPath: wpkFixturesDirectory, withIntermediateDirectories: true)
      try writeBytes(bytes, to: fixture.path)
    }
    #expect(try readBytes(at: fixture.path) == bytes)
  }

  @Test(arguments: WPKFixture.all)
  func readsFixtureContent(_ fixture: WPKFixture) throws {
    let file = try WeightFile(path: fixture.path)
    #expect(file.manifest.metadata == ["fixture": fixture.name])
    #expect(file.manifest.history.isEmpty)
    #expect(file.entries.map(\.name) == fixture.tensors.map(\.name))
    for tensor in fixture.tensors {
      let entry = try file.entry(named: tensor.name)
      #expect(entry.dtype == tensor.dtype)
      #expect(entry.shape.dimensions == tensor.dimensions)
      #expect(Array(try file.data(of: entry)) == tensor.bytes)
    }
    #expect(file.verify().isSound)
  }

  /// The values of `tiny.wpk`, decoded without the test's own encoders, and its layout.
  @Test func tinyFixtureHasKnownLayout() throws {
    let bytes = try readBytes(at: wpkFixturesDirectory + "/tiny.wpk")
    #expect(Array(bytes[0..<16]) == Layout.magic + [1, 0, 0, 0, 0, 0, 0, 0])
    #expect(bytes[16..<64].allSatisfy { $0 == 0 })
    #expect(Array(bytes.suffix(8)) == Array("WPK-END\n".utf8))
    let file = try WeightFile(path: wpkFixturesDirectory + "/tiny.wpk")
    let entry = try file.entry(named: "x")
    #expect(entry.codecDescription == "zlib+rotate-left-1+byte-shuffle")
    #expect(entry.chunks.map(\.offset) == [64])
    let floats = integers(Array(try file.data(of: entry)), as: UInt32.self).map(
      Float.init(bitPattern:))
    #expect(floats == [0.5, 1, 1.5, 2, 2.5, 3])
    let manifest = String(decoding: ContainerBytes(bytes: bytes).manifestText, as: UTF8.self)
    #expect(
      manifest.hasPrefix(
        #"{"format":"wpk","format_version":"1.0","metadata":{"fixture":"tiny.wpk"},"#
          + #""history":[],"tensors":[{"name":"x","dtype":"F32","shape":[2,3],"byte_count":24,"#
      ))
  }

  @Test func int64FixtureHoldsNegativesAndAScalar() throws {
    let file = try WeightFile(path: wpkFixturesDirectory + "/int64.wpk")
    let ids = integers(Array(try file.data(of: try file.entry(named: "ids"))), as: Int64.self)
    #expect(ids == Array(-8..<8))
    let step = try file.entry(named: "step")
    #expect(step.shape.rank == 0 && step.shape.elementCount == 1)
    #expect(integers(Array(try file.data(of: step)), as: Int64.self) == [1_234_567_890_123])
  }

  @Test func rawFixtureIsContiguous() throws {
    let file = try WeightFile(path: wpkFixturesDirectory + "/raw.wpk")
    let u8 = try file.entry(named: "u8")
    #expect(u8.codec == .raw && u8.filters.isEmpty && u8.isContiguousRaw)
    #expect(u8.chunks.map(\.byteCount) == [128, 128, 44])
    #expect(u8.chunks.allSatisfy { $0.storedByteCount == $0.byteCount })
    let empty = try file.entry(named: "empty")
    #expect(empty.chunks.isEmpty && empty.byteCount == 0)
    #expect(try file.data(of: empty).isEmpty)
  }

  @Test func compressedFixtureCompresses() throws {
    let file = try WeightFile(path: wpkFixturesDirectory + "/compressed.wpk")
    #expect(file.trailer.isManifestCompressed)
    #expect(file.trailer.manifestStoredByteCount < file.trailer.manifestByteCount)
    for entry in file.entries {
      #expect(entry.storedByteCount < entry.byteCount / 2, "\(entry.name)")
    }
  }

  /// Writes a few rows of the malformed table to `Fixtures/malformed/wpk` when regenerating;
  /// `MalformedFileTests.replaysMalformedFixtures` reads them back.
  @Test(.enabled(if: regeneratesFixtures))
  func writesMalformedFixtures() throws {
    let sample = try SampleFile.shared.get()
    let chosen = [
      "truncated mid-data", "manifest offset plus length overflows", "duplicate key in a tensor",
      "nesting too deep", "shape overflows beside a zero dimension", "overlapping chunks",
      "planes not summing to the stored length", "zlib bomb", "truncated zlib stream",
      "checksum mismatch in a raw chunk", "non-zero padding between chunks",
      "manifest bomb: a megabyte of spaces declared as 2 KiB",
    ]
    try FileManager.default.createDirectory(
      atPath: malformedWPKFixturesDirectory, withIntermediateDirectories: true)
    for testCase in MalformedCase.all where chosen.contains(testCase.name) {
      let fileName =
        testCase.name.replacingOccurrences(of: ":", with: "")
        .replacingOccurrences(of: " ", with: "-") + ".wpk"
      try writeBytes(
        try testCase.make(sample).bytes, to: malformedWPKFixturesDirectory + "/" + fileName)
    }
  }
}
