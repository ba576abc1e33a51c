import Testing

@testable import WeightPack

/// What the GGUF writer adds, refuses and requires.
@Suite struct GGUFSinkTests {
  @Test func addsAnArchitectureAndPlainMetadata() throws {
    let entries = try GGUFSink.metadataEntries(
      typed: [TypedMetadataEntry(key: "a.count", value: .uint32(3))],
      plain: ["z": "last", "a.count": "ignored", "b": "x"])
    #expect(
      entries == [
        TypedMetadataEntry(key: "general.architecture", value: .string("unknown")),
        TypedMetadataEntry(key: "a.count", value: .uint32(3)),
        TypedMetadataEntry(key: "b", value: .string("x")),
        TypedMetadataEntry(key: "z", value: .string("last")),
      ])
  }

  @Test func writesAFileGGUFReadsBack() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("out.gguf")
    let sink = try GGUFSink(path: path)
    let tensors = [
      TensorDescriptor(name: "s", dtype: .float32, shape: try Shape([UInt64]())),
      TensorDescriptor(name: "q", dtype: .q8Zero, shape: try Shape([1, 32])),
    ]
    let metadata = [
      TypedMetadataEntry(key: "general.architecture", value: .string("x")),
      TypedMetadataEntry(key: "general.alignment", value: .uint32(64)),
      TypedMetadataEntry(
        key: "n",
        value: .array(
          elementType: .array,
          elements: [.array(elementType: .float64, elements: [.float64(-.nan)])])),
    ]
    _ = try sink.plan(tensors, metadata: [:], typedMetadata: metadata)
    let payloads: [[UInt8]] = [float32Bytes([1.5]), [UInt8](repeating: 7, count: 34)]
    for (tensor, bytes) in zip(tensors, payloads) {
      try sink.beginTensor(tensor)
      try sink.append(bytes)
      try sink.endTensor()
    }
    try sink.finish(metadata: [:], history: [])
    let source = try GGUFSource(path: path)
    #expect(source.header.alignment == 64)
    #expect(source.tensors == tensors)
    #expect(source.typedMetadata == metadata)
    #expect(source.header.tensors.map(\.offset) == [0, 64])
    var bytes: [UInt8] = []
    try source.readTensor(at: 1) { bytes += $0 }
    #expect(bytes == payloads[1])
  }

  @Test func refusesWhatGGUFCannotHold() throws {
    let directory = try TemporaryDirectory()
    let cases: [(TensorDescriptor, WeightPackError.Kind)] = [
      (
        TensorDescriptor(name: "u", dtype: .uint16, shape: try Shape([2])),
        .unsupportedDType(format: "gguf", dtype: "U16")
      ),
      (
        TensorDescriptor(name: "r", dtype: .float32, shape: try Shape([1, 1, 1, 1, 1])),
        .rankTooLarge(rank: 5, limit: 4)
      ),
      (
        TensorDescriptor(
          name: String(repeating: "n", count: 64), dtype: .int8, shape: try Shape([1])),
        .invalidTensorName("64 bytes long, GGUF's limit is 63")
      ),
    ]
    for (tensor, kind) in cases {
      let path = directory.file("x.gguf")
      let sink = try GGUFSink(path: path)
      let error = #expect(throws: WeightPackError.self) {
        _ = try sink.plan([tensor], metadata: [:], typedMetadata: [])
      }
      #expect(error?.kind == kind)
      #expect(error?.tensor == tensor.name)
      sink.cancel()
      #expect(try directory.entries().isEmpty)
    }
  }

  @Test func refusesABadAlignmentAndOutOfOrderTensors() throws {
    let directory = try TemporaryDirectory()
    let sink = try GGUFSink(path: directory.file("x.gguf"))
    let error = #expect(throws: WeightPackError.self) {
      _ = try sink.plan(
        [], metadata: [:],
        typedMetadata: [TypedMetadataEntry(key: "general.alignment", value: .uint32(48))])
    }
    #expect(
      error?.kind
        == .invalidMetadataValue(
          key: "general.alignment", value: "u32 48", expected: "a u32 power of two"))
    let other = try GGUFSink(path: directory.file("y.gguf"))
    let planned = TensorDescriptor(name: "a", dtype: .int8, shape: try Shape([1]))
    _ = try other.plan([planned], metadata: [:], typedMetadata: [])
    #expect(throws: WeightPackError.self) {
      try other.beginTensor(TensorDescriptor(name: "b", dtype: .int8, shape: try Shape([1])))
    }
  }
}
