import Foundation
import Testing

@testable import WeightPack

/// Files written by the real gguf-py (`Fixtures/gguf/make_gguf.py`), read and written back.
@Suite struct GGUFFixtureTests {
  static let directory = FixturePaths.root + "/gguf"
  static let names = ["metadata.gguf", "tensors.gguf", "aligned64.gguf"]

  /// `expected.json`, which the generator wrote beside the files.
  static func expected(_ name: String) throws -> JSONValue {
    let json = try JSONParser.parse(try readBytes(at: directory + "/expected.json"))
    return try #require(json[name])
  }

  @Test(arguments: names)
  func readsWhatGGUFPyWrote(_ name: String) throws {
    let expected = try Self.expected(name)
    let source = try GGUFSource(path: Self.directory + "/" + name)
    #expect(expected["version"] == .number(UInt64(source.header.version)))
    #expect(expected["alignment"] == .number(source.header.alignment))
    let metadata = try Field(try #require(expected["typed_metadata"]), "expected").array()
      .map(TypedMetadataEntry.init(field:))
    #expect(source.typedMetadata == metadata)
    let tensors = try Field(try #require(expected["tensors"]), "tensors").array()
    #expect(tensors.count == source.tensors.count)
    for (index, field) in tensors.enumerated() {
      let object = try field.object()
      let descriptor = source.tensors[index]
      #expect(try object.required("name").string() == descriptor.name)
      #expect(try object.required("dtype").string() == descriptor.dtype.rawValue)
      #expect(
        try object.required("shape").array().map { try $0.unsigned() }
          == descriptor.shape.dimensions)
      var bytes: [UInt8] = []
      try source.readTensor(at: index) { bytes += $0 }
      #expect(hex(bytes) == (try object.required("hex").string()), "\(descriptor.name)")
    }
  }

  @Test(arguments: names)
  func roundTripsThroughWPKByteForByte(_ name: String) throws {
    let directory = try TemporaryDirectory()
    let original = Self.directory + "/" + name
    let packed = directory.file("packed.wpk")
    let back = directory.file("back.gguf")
    try Converter.convert(
      try GGUFSource(path: original), to: try WeightWriter(path: packed), step: nil)
    let file = try WeightFile(path: packed)
    #expect(file.version == FormatVersion.withBlockTypes)
    #expect(file.typedMetadata == (try GGUFSource(path: original).typedMetadata))
    #expect(file.verify(progress: nil).problems.isEmpty)
    try Converter.convert(file, to: try GGUFSink(path: back), step: nil)
    #expect(try readBytes(at: back) == (try readBytes(at: original)))
  }

  @Test func quantizedTensorsUseBlockSplit() throws {
    let directory = try TemporaryDirectory()
    let packed = directory.file("packed.wpk")
    try Converter.convert(
      try GGUFSource(path: Self.directory + "/tensors.gguf"),
      to: try WeightWriter(path: packed), step: nil)
    let file = try WeightFile(path: packed)
    #expect(try file.entry(named: "q8_0").filters == [.blockSplit])
    #expect(try file.entry(named: "q4_0").filters == [.blockSplit])
    #expect(try file.entry(named: "q8_0").chunks.first?.planeByteCounts?.count == 3)
  }

  private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }.joined()
  }
}
