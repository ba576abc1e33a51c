import Foundation
import Testing

@testable import WeightPack

@Suite struct NPZSinkTests {
  /// One tensor of every dtype numpy has, in several ranks, including 0-d and empty.
  static let tensors: [TestTensor] = {
    var random = SplitMix(seed: 7)
    return [
      TestTensor(name: "f64", dtype: .float64, dimensions: [3], bytes: random.bytes(24)),
      TestTensor(name: "f32", dtype: .float32, dimensions: [2, 3], bytes: random.bytes(24)),
      TestTensor(name: "f16", dtype: .float16, dimensions: [], bytes: random.bytes(2)),
      TestTensor(name: "i64", dtype: .int64, dimensions: [1, 2, 1], bytes: random.bytes(16)),
      TestTensor(name: "i32", dtype: .int32, dimensions: [0, 4], bytes: []),
      TestTensor(name: "i16", dtype: .int16, dimensions: [5], bytes: random.bytes(10)),
      TestTensor(name: "i8", dtype: .int8, dimensions: [3], bytes: random.bytes(3)),
      TestTensor(name: "u64", dtype: .uint64, dimensions: [1], bytes: random.bytes(8)),
      TestTensor(name: "u32", dtype: .uint32, dimensions: [2], bytes: random.bytes(8)),
      TestTensor(name: "u16", dtype: .uint16, dimensions: [2], bytes: random.bytes(4)),
      TestTensor(name: "u8", dtype: .uint8, dimensions: [4], bytes: random.bytes(4)),
      TestTensor(name: "bool", dtype: .bool, dimensions: [3], bytes: [0, 1, 1]),
      TestTensor(name: "layer.0.weight", dtype: .float32, dimensions: [1], bytes: random.bytes(4)),
    ]
  }()

  static func write(
    _ tensors: [TestTensor],
    to path: String,
    codec: Codec,
    zip64Threshold: UInt64 = ZIPLayout.zip64Limit,
    pieceByteCount: Int = 5
  ) throws {
    var options = WriteOptions()
    options.codec = codec
    let sink = try NPZSink(path: path, options: options, zip64Threshold: zip64Threshold)
    for tensor in tensors {
      try sink.beginTensor(
        TensorDescriptor(
          name: tensor.name, dtype: tensor.dtype, shape: try Shape(tensor.dimensions)))
      for start in stride(from: 0, to: tensor.bytes.count, by: pieceByteCount) {
        try sink.append(
          Array(tensor.bytes[start..<min(start + pieceByteCount, tensor.bytes.count)]))
      }
      try sink.endTensor()
    }
    try sink.finish(metadata: ["dropped": "yes"], history: [])
  }

  @Test(arguments: [
    (Codec.raw, ZIPLayout.zip64Limit), (.zlib, ZIPLayout.zip64Limit), (.raw, 0), (.zlib, 0),
  ])
  func roundTripsEveryDType(_ codec: Codec, _ threshold: UInt64) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("t.npz")
    try Self.write(Self.tensors, to: path, codec: codec, zip64Threshold: threshold)
    let source = try NPZSource(path: path)
    #expect(source.tensors.map(\.name) == Self.tensors.map(\.name))
    for (index, tensor) in Self.tensors.enumerated() {
      #expect(source.tensors[index].dtype == tensor.dtype)
      #expect(source.tensors[index].shape.dimensions == tensor.dimensions)
      #expect(try streamedBytes(of: source, at: index) == tensor.bytes, "\(tensor.name)")
    }
    let summary = source.summary()
    #expect(summary.tensors.allSatisfy { $0.codec == (codec == .raw ? "raw" : "deflate") })
    #expect(try directory.entries() == ["t.npz"])
  }

  @Test func storedMembersAreWhatNPSaveWrites() throws {
    let directory = try TemporaryDirectory()
    let npy = try NPYSource(path: FixturePaths.npy + "/rank-2.npy")
    let expected = try readBytes(at: FixturePaths.npy + "/rank-2.npy")
    var options = WriteOptions()
    options.codec = .raw
    try Converter.convert(
      npy, to: try NPZSink(path: directory.file("one.npz"), options: options), step: nil)
    let archive = try readBytes(at: directory.file("one.npz"))
    let dataOffset = 30 + "rank-2.npy".utf8.count
    #expect(archive.prefix(4) == [0x50, 0x4B, 0x03, 0x04])
    #expect(Array(archive[dataOffset..<dataOffset + expected.count]) == expected)
  }

  @Test func largeTensorsStreamInBoundedPieces() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("big.npz")
    var random = SplitMix(seed: 3)
    let bytes = random.bytes(3 << 20) + [UInt8](repeating: 0, count: 1 << 20)
    let tensor = TestTensor(name: "big", dtype: .uint8, dimensions: [4 << 20], bytes: bytes)
    for codec in [Codec.raw, .zlib] {
      try Self.write([tensor], to: path, codec: codec, pieceByteCount: 1 << 20)
      var pieces: [Int] = []
      var read: [UInt8] = []
      try NPZSource(path: path).readTensor(at: 0) { piece in
        pieces.append(piece.count)
        read += piece
      }
      #expect(pieces.allSatisfy { $0 <= NPYDataStream.pieceByteCount })
      #expect(read == bytes)
      try FileManager.default.removeItem(atPath: path)
    }
  }

  /// The writer's forced-ZIP64 output, pinned byte for byte; CI checks the same file with
  /// Python's zipfile and numpy (`Tests/interop/check_npz.py`).
  @Test func forcedZIP64OutputMatchesTheCommittedFixture() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("t.npz")
    let tensors = Array(Self.tensors.prefix(6))
    try Self.write(tensors, to: path, codec: .zlib, zip64Threshold: 0)
    let fixture = FixturePaths.npz + "/wpk-forced-zip64.npz"
    if regeneratesFixtures { try writeBytes(try readBytes(at: path), to: fixture) }
    #expect(try readBytes(at: path) == (try readBytes(at: fixture)))
    let bytes = try readBytes(at: fixture)
    #expect(bytes.count > 100)
    #expect(bytes.firstRange(of: [0x50, 0x4B, 0x06, 0x06]) != nil)
  }

  @Test func refusesNamesThatWouldNotReadBack() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPZSink(path: directory.file("t.npz"))
    for name in ["", "a/b", "a\\b", "a\0b"] {
      let error = #expect(throws: WeightPackError.self) {
        try sink.beginTensor(TensorDescriptor(name: name, dtype: .uint8, shape: try Shape([1])))
      }
      #expect(error?.kind == .unsafeName(name))
    }
    try sink.beginTensor(TensorDescriptor(name: "a", dtype: .uint8, shape: try Shape([1])))
    try sink.append([1])
    try sink.endTensor()
    let error = #expect(throws: WeightPackError.self) {
      try sink.beginTensor(TensorDescriptor(name: "a", dtype: .uint8, shape: try Shape([1])))
    }
    #expect(error?.kind == .duplicateTensorName("a"))
  }

  @Test func refusesBF16AndLeavesNothingOnCancel() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPZSink(path: directory.file("t.npz"))
    let error = #expect(throws: WeightPackError.self) {
      try sink.beginTensor(TensorDescriptor(name: "w", dtype: .bfloat16, shape: try Shape([2])))
    }
    #expect(error?.kind == .unsupportedDType(format: "npz", dtype: "BF16"))
    sink.cancel()
    #expect(try directory.entries().isEmpty)
  }

  @Test func wrongByteCountsAreRefused() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPZSink(path: directory.file("t.npz"))
    try sink.beginTensor(TensorDescriptor(name: "w", dtype: .float32, shape: try Shape([2])))
    let tooMany = #expect(throws: WeightPackError.self) {
      try sink.append([UInt8](repeating: 0, count: 12))
    }
    #expect(tooMany?.kind == .byteCountMismatch(expected: 8, actual: 12))
    try sink.append([0, 0, 0, 0])
    let tooFew = #expect(throws: WeightPackError.self) { try sink.endTensor() }
    #expect(tooFew?.kind == .byteCountMismatch(expected: 8, actual: 4))
    sink.cancel()
    #expect(try directory.entries().isEmpty)
  }

  @Test func existingOutputIsKeptWithoutOverwrite() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("t.npz")
    try writeBytes([1, 2, 3], to: path)
    let error = #expect(throws: WeightPackError.self) { _ = try NPZSink(path: path) }
    #expect(error?.kind == .outputExists)
    #expect(try readBytes(at: path) == [1, 2, 3])
  }
}
