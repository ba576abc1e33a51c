import Foundation
import Synchronization
import Testing

@testable import WeightPack

@Suite struct WeightFileTests {
  /// A file with one F32 tensor `t` of 4 chunks of 64 bytes, and its bytes.
  private func fourChunkFile(in directory: TemporaryDirectory) throws -> (String, [UInt8]) {
    let path = directory.file("t.wpk")
    let values = float32Bytes((0..<64).map { Float($0) })
    try writeFile(
      [TestTensor(name: "t", dtype: .float32, dimensions: [64], bytes: values)], to: path)
    return (path, values)
  }

  @Test func readsOnlyTheRequestedChunks() throws {
    let directory = try TemporaryDirectory()
    let (path, values) = try fourChunkFile(in: directory)
    let entry = try WeightFile(path: path).entry(named: "t")
    #expect(entry.chunks.count == 4)
    // Damage chunk 0 on disk; chunks 1 and 2 still read.
    var bytes = try readBytes(at: path)
    bytes[Int(entry.chunks[0].offset) + 1] ^= 0x55
    try writeBytes(bytes, to: path)
    let file = try WeightFile(path: path)
    #expect(try file.readChunks(1..<3, of: entry) == Array(values[64..<192]))
    #expect(try file.readChunks(2..<2, of: entry).isEmpty)
    let error = #expect(throws: WeightPackError.self) { _ = try file.readChunks(0..<2, of: entry) }
    #expect(error?.chunk == 0 && error?.tensor == "t" && error?.path == path)
  }

  @Test func refusesUnknownChunksAndTensors() throws {
    let directory = try TemporaryDirectory()
    let (path, _) = try fourChunkFile(in: directory)
    let file = try WeightFile(path: path)
    let entry = try file.entry(named: "t")
    let range = #expect(throws: WeightPackError.self) { _ = try file.readChunk(4, of: entry) }
    #expect(range?.kind == .chunkIndexOutOfRange(index: 4, count: 4))
    let missing = #expect(throws: WeightPackError.self) { _ = try file.entry(named: "u") }
    #expect(missing?.kind == .tensorNotFound("u"))
    let absent = #expect(throws: WeightPackError.self) {
      _ = try WeightFile(path: directory.file("none"))
    }
    #expect(absent?.kind == .fileNotFound)
  }

  @Test func streamsChunksInOrder() throws {
    let directory = try TemporaryDirectory()
    let (path, values) = try fourChunkFile(in: directory)
    var options = ReadOptions()
    options.workerCount = 3
    let file = try WeightFile(path: path, options: options)
    var joined: [UInt8] = []
    var pieces = 0
    try file.forEachChunk(of: try file.entry(named: "t")) {
      joined += $0
      pieces += 1
    }
    #expect(joined == values && pieces == 4)
  }

  @Test func skipsChecksumsWhenAsked() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("raw.wpk")
    try writeFile(
      [TestTensor(name: "r", dtype: .uint8, dimensions: [64], bytes: Array(0..<64))], to: path,
      options: smallWriteOptions(codec: .raw))
    var bytes = try readBytes(at: path)
    bytes[70] ^= 1
    try writeBytes(bytes, to: path)
    var options = ReadOptions()
    options.verifiesChecksums = false
    let file = try WeightFile(path: path, options: options)
    let data = try file.data(of: try file.entry(named: "r"))
    #expect(Array(data)[6] == 7)
  }

  @Test func returnsRawTensorsAsData() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("raw.wpk")
    let tensors = [
      TestTensor(name: "a", dtype: .uint8, dimensions: [3], bytes: [1, 2, 3]),
      TestTensor(
        name: "b", dtype: .int32, dimensions: [50], bytes: littleEndianBytes(Array(Int32(0)..<50))),
    ]
    try writeFile(tensors, to: path, options: smallWriteOptions(codec: .raw))
    let file = try WeightFile(path: path)
    let b = try file.data(of: try file.entry(named: "b"))
    #expect(Array(b) == tensors[1].bytes)
    #expect(b.count == 200)
    #expect(b.startIndex == 0)
    #expect(b[0] == tensors[1].bytes[0])
  }

  @Test func readsEmptyAndScalarTensors() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("e.wpk")
    try writeFile(
      [
        TestTensor(name: "empty", dtype: .float32, dimensions: [0, 5], bytes: []),
        TestTensor(name: "scalar", dtype: .float64, dimensions: [], bytes: float64Bytes([2.5])),
        TestTensor(name: "zero-rank-zero", dtype: .int8, dimensions: [3, 0], bytes: []),
      ], to: path)
    let file = try WeightFile(path: path)
    let empty = try file.entry(named: "empty")
    #expect(empty.chunks.isEmpty && empty.byteCount == 0)
    #expect(try file.data(of: empty).isEmpty)
    #expect(try file.readChunks(0..<0, of: empty).isEmpty)
    let scalar = try file.entry(named: "scalar")
    #expect(scalar.shape.rank == 0 && scalar.chunks.count == 1)
    #expect(Array(try file.data(of: scalar)) == float64Bytes([2.5]))
    #expect(file.verify().isSound)
  }

  @Test func readsManyTensors() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("many.wpk")
    let tensors = (0..<300).map { index in
      TestTensor(
        name: "layer.\(index)", dtype: .int16, dimensions: [UInt64(index % 7)],
        bytes: littleEndianBytes((0..<(index % 7)).map { Int16($0 - index) }))
    }
    try writeFile(tensors, to: path)
    let file = try WeightFile(path: path)
    #expect(file.entries.map(\.name) == tensors.map(\.name))
    for tensor in tensors.prefix(20) {
      #expect(Array(try file.data(of: try file.entry(named: tensor.name))) == tensor.bytes)
    }
    let report = file.verify()
    #expect(report.isSound && report.tensorCount == 300)
  }

  @Test func acceptsNewerMinorVersionsAndUnknownKeys() throws {
    let directory = try TemporaryDirectory()
    let (path, values) = try fourChunkFile(in: directory)
    var container = ContainerBytes(bytes: try readBytes(at: path))
    container.bytes.store(UInt16(3), at: 10)
    var bytes = try container.replacing(["format_version"], with: .string("1.3"))
    bytes = try ContainerBytes(bytes: bytes).replacing(["future"], with: .array([.null]))
    bytes = try ContainerBytes(bytes: bytes).replacing(
      ["tensors", 0, "chunks", 0, "note"], with: .string("ignored"))
    try writeBytes(bytes, to: path)
    let file = try WeightFile(path: path)
    #expect(file.version == FormatVersion(major: 1, minor: 3))
    #expect(Array(try file.data(of: try file.entry(named: "t"))) == values)
  }

  @Test func reportsVerificationProgress() throws {
    let directory = try TemporaryDirectory()
    let (path, _) = try fourChunkFile(in: directory)
    let events = Mutex<[ProgressEvent]>([])
    let report = try WeightFile(path: path).verify { event in events.withLock { $0.append(event) } }
    #expect(report.isSound && report.chunkCount == 4 && report.byteCount == 256)
    #expect(
      events.withLock { $0 } == [
        ProgressEvent(
          tensorName: "t", tensorIndex: 0, tensorCount: 1, bytesDone: 256, bytesTotal: 256)
      ])
  }

  @Test func describesErrorsWithTheirContext() {
    let error = WeightPackError(
      .checksumMismatch(expected: 0x1A2B_3C4D, actual: 0), path: "model.wpk", tensor: "w1",
      chunk: 3, offset: 4096)
    #expect(
      error.description
        == "model.wpk: tensor 'w1' chunk 3 at byte 4096: "
        + "checksum mismatch (expected 0x1a2b3c4d, got 0x00000000)"
    )
    #expect(
      WeightPackError(.sizeOverflow).description == "element count or byte size overflows 64 bits")
    #expect(
      WeightPackError(.invalidTensorName("x"), tensor: "a\u{1}b").description
        == "tensor 'a\\u{1}b': invalid tensor name: x")
  }
}
