import Foundation
import Testing

@testable import WeightPack

/// Files the real safetensors library wrote (`Fixtures/safetensors/make_safetensors.py`):
/// WeightPack reads every tensor's bytes, and writes each file back byte for byte.
@Suite struct SafetensorsFixtureTests {
  static let files = ["dtypes", "shapes"]

  @Test(arguments: files)
  func readsEveryTensor(_ stem: String) throws {
    let source = try SafetensorsSource(path: FixturePaths.safetensors + "/\(stem).safetensors")
    #expect(!source.tensors.isEmpty)
    for (index, tensor) in source.tensors.enumerated() {
      let expected = try readBytes(
        at: FixturePaths.safetensors + "/expected/\(stem).\(tensor.name).bin")
      #expect(try streamedBytes(of: source, at: index) == expected, "\(tensor.name)")
      #expect(UInt64(expected.count) == tensor.byteCount)
    }
  }

  @Test func readsDTypesShapesAndMetadata() throws {
    let source = try SafetensorsSource(path: FixturePaths.safetensors + "/dtypes.safetensors")
    #expect(source.metadata == ["format": "pt"])
    let byName = Dictionary(uniqueKeysWithValues: source.tensors.map { ($0.name, $0) })
    #expect(byName["bf16"]?.dtype == .bfloat16)
    #expect(byName["f8_e4m3"]?.dtype == .float8E4M3)
    #expect(byName["f8_e5m2"]?.dtype == .float8E5M2)
    #expect(byName["bool"]?.dtype == .bool)
    #expect(byName["i32"]?.shape.dimensions == [2, 4])
    let shared = DType.allCases.filter { $0.safetensorsRank != nil }
    #expect(Set(source.tensors.map(\.dtype)) == Set(shared))
    // The reference writer orders tensors by dtype, widest alignment first.
    #expect(source.tensors.first?.name == "u64" && source.tensors.last?.name == "bool")

    let shapes = try SafetensorsSource(path: FixturePaths.safetensors + "/shapes.safetensors")
    #expect(shapes.metadata.isEmpty)
    let dimensions = Dictionary(
      uniqueKeysWithValues: shapes.tensors.map { ($0.name, $0.shape.dimensions) })
    #expect(dimensions == ["scalar": [], "empty": [0, 3], "rank5": [2, 2, 2, 2, 2]])
  }

  /// safetensors → .wpk → safetensors gives the library's file back, byte for byte.
  @Test(arguments: files)
  func writesTheLibrarysBytesAgain(_ stem: String) throws {
    let directory = try TemporaryDirectory()
    let original = FixturePaths.safetensors + "/\(stem).safetensors"
    let packed = directory.file("packed.wpk")
    let copy = directory.file("copy.safetensors")
    try Converter.convert(
      try SafetensorsSource(path: original), to: try WeightWriter(path: packed), step: nil)
    try Converter.convert(
      try WeightFile(path: packed), to: try SafetensorsSink(path: copy), step: nil)
    #expect(try readBytes(at: copy) == readBytes(at: original))
  }

  @Test func readsAShardedCheckpointThroughItsIndex() throws {
    let index = FixturePaths.safetensors + "/sharded/model.safetensors.index.json"
    let source = try SafetensorsIndexSource(path: index)
    #expect(
      source.tensors.map(\.name) == [
        "embed.weight", "layers.0.weight", "layers.1.bias", "layers.1.weight",
      ])
    #expect(source.metadata == ["format": "pt"])
    for (position, tensor) in source.tensors.enumerated() {
      let expected = try readBytes(
        at: FixturePaths.safetensors + "/expected/sharded.\(tensor.name).bin")
      #expect(try streamedBytes(of: source, at: position) == expected)
    }
    #expect(try WeightFormat.detect(input: index).name == "safetensors-index")
  }
}
