import Foundation
import Testing

@testable import WeightPack

@Suite struct SafetensorsSinkTests {
  /// A shape of two elements.
  private var shape: Shape { get throws { try Shape([2] as [UInt64]) } }

  @Test func ordersTensorsAsTheReferenceWriter() throws {
    let directory = try TemporaryDirectory()
    let sink = try SafetensorsSink(path: directory.file("a.safetensors"))
    let tensors = [
      TensorDescriptor(name: "b", dtype: .uint8, shape: try shape),
      TensorDescriptor(name: "a", dtype: .float32, shape: try shape),
      TensorDescriptor(name: "c", dtype: .int64, shape: try shape),
      TensorDescriptor(name: "d", dtype: .float64, shape: try shape),
    ]
    #expect(try sink.plan(tensors, metadata: [:], typedMetadata: []) == [2, 3, 1, 0])
    sink.cancel()
    #expect(try directory.entries().isEmpty)
  }

  @Test func refusesOutOfOrderOrMissingTensors() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("a.safetensors")
    let sink = try SafetensorsSink(path: path)
    let first = TensorDescriptor(name: "w", dtype: .float32, shape: try shape)
    let second = TensorDescriptor(name: "v", dtype: .float32, shape: try shape)
    let early = #expect(throws: WeightPackError.self) { try sink.beginTensor(first) }
    #expect(early?.kind == .writerMisuse("beginTensor before plan"))
    #expect(try sink.plan([first, second], metadata: ["k": "v"], typedMetadata: []) == [1, 0])
    let wrong = #expect(throws: WeightPackError.self) { try sink.beginTensor(first) }
    #expect(wrong?.kind == .writerMisuse("tensor 'w' is not the next one planned"))
    try sink.beginTensor(second)
    let tooMany = #expect(throws: WeightPackError.self) {
      try sink.append([UInt8](repeating: 0, count: 9))
    }
    #expect(tooMany?.kind == .byteCountMismatch(expected: 8, actual: 9))
    try sink.append([UInt8](repeating: 0, count: 8))
    try sink.endTensor()
    let early2 = #expect(throws: WeightPackError.self) {
      try sink.finish(metadata: [:], history: [])
    }
    #expect(early2?.kind == .writerMisuse("finish before every planned tensor was written"))
    sink.cancel()
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func writesAHeaderPaddedToEightBytes() throws {
    let header = SafetensorsSink.header(
      for: [TensorDescriptor(name: "x", dtype: .float16, shape: try shape)],
      metadata: ["format": "pt"])
    let text =
      #"{"__metadata__":{"format":"pt"},"x":{"dtype":"F16","shape":[2],"#
      + #""data_offsets":[0,4]}}"#
    let padded = Array(text.utf8) + [UInt8](repeating: 0x20, count: (8 - text.utf8.count % 8) % 8)
    #expect(Array(header.dropFirst(8)) == padded)
    #expect(header.prefix(8) == littleEndianBytes([UInt64(padded.count)])[...])
  }

  /// Typed metadata (from GGUF) joins `__metadata__` where it has a text form, so
  /// safetensors → GGUF → safetensors keeps `{"format": "pt"}`.
  @Test func foldsTypedMetadataIntoTheHeader() {
    let merged = SafetensorsSink.merged(
      ["format": "np"],
      [
        TypedMetadataEntry(key: "format", value: .string("pt")),
        TypedMetadataEntry(key: "general.architecture", value: .string("llama")),
        TypedMetadataEntry(key: "llama.block_count", value: .uint32(32)),
        TypedMetadataEntry(key: "tokens", value: .array(elementType: .string, elements: [])),
      ])
    #expect(
      merged == ["format": "np", "general.architecture": "llama", "llama.block_count": "32"])
  }
}
