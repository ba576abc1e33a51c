import Foundation
import Testing

@testable import WeightPack

/// Sharded checkpoints: the index must agree with its shards, and name only shards inside
/// its own directory.
@Suite struct SafetensorsIndexTests {
  /// A directory holding the two fixture shards and an index with `weightMap`.
  private func checkpoint(_ weightMap: String) throws -> (TemporaryDirectory, String) {
    let directory = try TemporaryDirectory()
    for shard in ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"] {
      let bytes = try readBytes(at: FixturePaths.safetensors + "/sharded/" + shard)
      try writeBytes(bytes, to: directory.file(shard))
    }
    let index = directory.file("model.safetensors.index.json")
    try writeBytes(
      Array(#"{"metadata":{"total_size":400},"weight_map":"#.utf8)
        + Array(weightMap.utf8) + [UInt8(ascii: "}")], to: index)
    return (directory, index)
  }

  private static let first = "model-00001-of-00002.safetensors"
  private static let second = "model-00002-of-00002.safetensors"
  private static let valid = [
    ("embed.weight", first), ("layers.0.weight", first), ("layers.1.weight", second),
    ("layers.1.bias", second),
  ]

  private static func map(_ entries: [(String, String)]) -> String {
    "{" + entries.map { #""\#($0.0)":"\#($0.1)""# }.joined(separator: ",") + "}"
  }

  private func error(opening weightMap: String) throws -> WeightPackError? {
    let (directory, index) = try checkpoint(weightMap)
    return withExtendedLifetime(directory) {
      #expect(throws: WeightPackError.self) { _ = try SafetensorsIndexSource(path: index) }
    }
  }

  @Test func readsAValidIndex() throws {
    let (directory, index) = try checkpoint(Self.map(Self.valid))
    try withExtendedLifetime(directory) {
      let source = try SafetensorsIndexSource(path: index)
      #expect(source.tensors.count == 4)
    }
  }

  @Test(arguments: ["../model-00001-of-00002.safetensors", "/etc/passwd", "a//b", ""])
  func refusesShardPathsOutsideTheDirectory(_ shard: String) throws {
    let error = try error(opening: Self.map([("embed.weight", shard)]))
    #expect(error?.kind == .unsafeShardPath(shard))
  }

  @Test func refusesAMissingOrEmptyWeightMap() throws {
    let missing = try error(opening: "[]")
    #expect(
      missing?.kind
        == .malformedHeader(
          format: "safetensors index", reason: "'weight_map' is missing or not an object"))
    let empty = try error(opening: "{}")
    #expect(
      empty?.kind == .malformedHeader(format: "safetensors index", reason: "'weight_map' is empty"))
    let number = try error(opening: #"{"embed.weight":3}"#)
    #expect(
      number?.kind
        == .malformedHeader(
          format: "safetensors index",
          reason: "'weight_map' entry of 'embed.weight' is not a string"))
  }

  @Test func refusesAShardTensorTheMapLacks() throws {
    let error = try error(opening: Self.map(Array(Self.valid.dropLast())))
    #expect(
      error?.kind
        == .malformedHeader(
          format: "safetensors index",
          reason: "shard '\(Self.second)' holds tensor 'layers.1.bias', which the weight map lacks"
        ))
    #expect(error?.tensor == "layers.1.bias")
  }

  @Test func refusesATensorMappedToTheWrongShard() throws {
    var entries = Self.valid
    entries[0].1 = Self.second
    let error = try error(opening: Self.map(entries))
    #expect(
      error?.kind
        == .malformedHeader(
          format: "safetensors index",
          reason: "shard '\(Self.first)' holds tensor 'embed.weight', which the weight map puts "
            + "in '\(Self.second)'"))
  }

  @Test func refusesAMappedTensorAbsentFromItsShard() throws {
    let error = try error(opening: Self.map(Self.valid + [("lm_head.weight", Self.first)]))
    #expect(
      error?.kind
        == .malformedHeader(
          format: "safetensors index",
          reason: "the weight map puts tensor 'lm_head.weight' in '\(Self.first)', which lacks it"))
  }

  @Test func namesAMissingShard() throws {
    let (directory, index) = try checkpoint(
      Self.map(Self.valid + [("extra", "model-00003-of-00003.safetensors")]))
    let error = #expect(throws: WeightPackError.self) {
      _ = try SafetensorsIndexSource(path: index)
    }
    #expect(error?.kind == .fileNotFound)
    #expect(error?.path == directory.path + "/model-00003-of-00003.safetensors")
  }

  @Test func refusesADuplicateMapEntry() throws {
    let error = try error(opening: #"{"a":"x.safetensors","a":"x.safetensors"}"#)
    if case .invalidJSON? = error?.kind {} else { Issue.record("got \(String(describing: error))") }
  }
}
