import Testing

@testable import WeightPack

@Suite struct ManifestValidationTests {
  private func entry(
    _ name: String,
    dtype: DType = .uint8,
    codec: Codec = .raw,
    filters: [Filter] = [],
    chunks: [ChunkEntry]
  ) throws -> TensorEntry {
    let byteCount = chunks.reduce(0) { $0 + $1.byteCount }
    let elements = byteCount / UInt64(dtype.unitByteCount)
    return TensorEntry(
      name: name, dtype: dtype, shape: try Shape([elements]), codec: codec, filters: filters,
      chunks: chunks)
  }

  private func raw(_ offset: UInt64, _ byteCount: UInt64) -> ChunkEntry {
    ChunkEntry(offset: offset, storedByteCount: byteCount, byteCount: byteCount, crc32: 0)
  }

  private func validate(
    _ tensors: [TensorEntry],
    dataEnd: UInt64 = 1024,
    maximumChunkByteCount: UInt64 = 1 << 20
  ) -> WeightPackError? {
    do {
      try Manifest(tensors: tensors).validate(
        dataEnd: dataEnd, maximumChunkByteCount: maximumChunkByteCount)
      return nil
    } catch let error as WeightPackError {
      return error
    } catch {
      return WeightPackError(.invalidJSON("\(error)"))
    }
  }

  @Test func acceptsAdjacentChunksInAnyOrder() throws {
    let a = try entry("a", chunks: [raw(192, 64), raw(64, 64)])
    let b = try entry("b", chunks: [raw(128, 64)])
    #expect(validate([a, b], dataEnd: 256) == nil)
    #expect(!a.isContiguousRaw)
  }

  @Test func refusesOverlapAcrossTensors() throws {
    let a = try entry("a", chunks: [raw(64, 128)])
    let b = try entry("b", chunks: [raw(128, 64)])
    let error = validate([b, a])
    #expect(error?.kind == .overlappingChunks(offset: 128, previousEnd: 192))
    #expect(error?.tensor == "b" && error?.chunk == 0 && error?.offset == 128)
  }

  @Test func refusesAChunkEndingPastTheData() throws {
    let error = validate([try entry("a", chunks: [raw(64, 200)])], dataEnd: 256)
    #expect(error?.kind == .chunkOutOfBounds(offset: 64, end: 264, dataEnd: 256))
  }

  @Test func refusesChunkSumOverflow() throws {
    let huge = UInt64(1) << 63
    let chunks = [raw(64, 64), raw(128, 64)].map { chunk in
      ChunkEntry(offset: chunk.offset, storedByteCount: 64, byteCount: huge, crc32: 0)
    }
    let tensor = TensorEntry(
      name: "a", dtype: .uint8, shape: try Shape([1] as [UInt64]), codec: .zlib, filters: [],
      chunks: chunks)
    let error = try #require(validate([tensor], maximumChunkByteCount: .max))
    #expect(error.kind == .sizeOverflow)
    #expect(error.tensor == "a" && error.chunk == 1)
  }

  @Test(arguments: ["a", "layer.0/weight", "é", String(repeating: "x", count: 4096)])
  func acceptsNames(_ name: String) throws {
    try Manifest.validateName(name)
  }

  @Test(arguments: ["", "a\u{0}", "tab\t", "del\u{7F}", String(repeating: "x", count: 4097)])
  func refusesNames(_ name: String) {
    #expect(throws: WeightPackError.self) { try Manifest.validateName(name) }
  }
}
