import Foundation
import Synchronization
import Testing

@testable import WeightPack

@Suite struct WeightWriterTests {
  private func misuse(_ body: () throws -> Void) -> WeightPackError.Kind? {
    let error = #expect(throws: WeightPackError.self) { try body() }
    if case .writerMisuse? = error?.kind {
    } else {
      Issue.record("not misuse: \(String(describing: error))")
    }
    return error?.kind
  }

  @Test func refusesAppendWithoutBegin() throws {
    let directory = try TemporaryDirectory()
    let writer = try WeightWriter(path: directory.file("a.wpk"), options: smallWriteOptions())
    #expect(misuse { try writer.append([1, 2]) } == .writerMisuse("append with no tensor begun"))
    #expect(misuse { try writer.endTensor() } == .writerMisuse("endTensor with no tensor begun"))
  }

  @Test func refusesTooManyBytes() throws {
    let directory = try TemporaryDirectory()
    let writer = try WeightWriter(path: directory.file("a.wpk"), options: smallWriteOptions())
    try writer.beginTensor(named: "t", dtype: .uint8, shape: try Shape([4] as [UInt64]))
    try writer.append([1, 2, 3])
    let error = #expect(throws: WeightPackError.self) { try writer.append([4, 5]) }
    #expect(error?.kind == .byteCountMismatch(expected: 4, actual: 5))
    #expect(error?.tensor == "t")
  }

  @Test func refusesTooFewBytes() throws {
    let directory = try TemporaryDirectory()
    let writer = try WeightWriter(path: directory.file("a.wpk"), options: smallWriteOptions())
    try writer.beginTensor(named: "t", dtype: .float32, shape: try Shape([4] as [UInt64]))
    try writer.append([UInt8](repeating: 0, count: 12))
    let error = #expect(throws: WeightPackError.self) { try writer.endTensor() }
    #expect(error?.kind == .byteCountMismatch(expected: 16, actual: 12))
    #expect(
      misuse { try writer.finish() } == .writerMisuse("the writer stopped after an earlier error"))
    #expect(try directory.entries().isEmpty)
  }

  @Test func refusesDuplicateAndInvalidNames() throws {
    let directory = try TemporaryDirectory()
    let writer = try WeightWriter(path: directory.file("a.wpk"), options: smallWriteOptions())
    let shape = try Shape([1] as [UInt64])
    try writer.write(named: "t", dtype: .uint8, shape: shape, bytes: [1])
    let duplicate = #expect(throws: WeightPackError.self) {
      try writer.beginTensor(named: "t", dtype: .uint8, shape: shape)
    }
    #expect(duplicate?.kind == .duplicateTensorName("t"))
    let empty = #expect(throws: WeightPackError.self) {
      try writer.beginTensor(named: "", dtype: .uint8, shape: shape)
    }
    #expect(empty?.kind == .invalidTensorName("the name is empty"))
    try writer.finish()
  }

  @Test func refusesFinishWithAnOpenTensor() throws {
    let directory = try TemporaryDirectory()
    let writer = try WeightWriter(path: directory.file("a.wpk"), options: smallWriteOptions())
    try writer.beginTensor(named: "t", dtype: .uint8, shape: try Shape([1] as [UInt64]))
    #expect(misuse { try writer.finish() } == .writerMisuse("finish while a tensor is still open"))
    #expect(
      misuse {
        try writer.beginTensor(named: "u", dtype: .uint8, shape: try Shape([1] as [UInt64]))
      } == .writerMisuse("beginTensor while 'u' is still open"))
    try writer.append([9])
    try writer.endTensor()
    try writer.finish()
    #expect(misuse { try writer.finish() } == .writerMisuse("the file is already finished"))
  }

  @Test func refusesBadOptions() throws {
    let directory = try TemporaryDirectory()
    var options = smallWriteOptions()
    options.chunkByteCount = 63
    #expect(throws: WeightPackError.self) {
      _ = try WeightWriter(path: directory.file("a"), options: options)
    }
    options = smallWriteOptions()
    options.workerCount = 0
    #expect(throws: WeightPackError.self) {
      _ = try WeightWriter(path: directory.file("a"), options: options)
    }
    options = smallWriteOptions()
    options.strategy = .level(10)
    #expect(throws: WeightPackError.self) {
      _ = try WeightWriter(path: directory.file("a"), options: options)
    }
  }

  private func sampleTensors() -> [TestTensor] {
    var random = SplitMix(seed: 3)
    return [
      TestTensor(
        name: "a", dtype: .float32, dimensions: [33, 31],
        bytes: float32Bytes((0..<(33 * 31)).map { Float($0 % 17) * 0.25 })),
      TestTensor(name: "b", dtype: .int16, dimensions: [1000], bytes: random.bytes(2000)),
      TestTensor(name: "c", dtype: .bool, dimensions: [], bytes: [1]),
    ]
  }

  @Test func writesIdenticalBytesEveryTime() throws {
    let directory = try TemporaryDirectory()
    var parallel = smallWriteOptions(chunkByteCount: 192)
    parallel.workerCount = 4
    let first = try writeFile(sampleTensors(), to: directory.file("1.wpk"), options: parallel)
    let second = try writeFile(sampleTensors(), to: directory.file("2.wpk"), options: parallel)
    let serial = try writeFile(
      sampleTensors(), to: directory.file("3.wpk"), options: smallWriteOptions(chunkByteCount: 192))
    #expect(first == second)
    #expect(first == serial)
  }

  @Test func refusesAnExistingFileWithoutOverwrite() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("a.wpk")
    try writeBytes([1, 2, 3], to: path)
    let error = #expect(throws: WeightPackError.self) {
      _ = try WeightWriter(path: path, options: smallWriteOptions())
    }
    #expect(error?.kind == .outputExists)
    #expect(error?.path == path)
    #expect(try readBytes(at: path) == [1, 2, 3])
    #expect(try directory.entries() == ["a.wpk"])
  }

  @Test func leavesTheExistingFileWhenCancelledOrFailed() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("a.wpk")
    try writeBytes([1, 2, 3], to: path)
    var options = smallWriteOptions()
    options.overwrite = true

    let cancelled = try WeightWriter(path: path, options: options)
    try cancelled.write(
      named: "t", dtype: .uint8, shape: try Shape([100] as [UInt64]), bytes: Array(0..<100))
    cancelled.cancel()
    #expect(try readBytes(at: path) == [1, 2, 3])
    #expect(try directory.entries() == ["a.wpk"])

    let failed = try WeightWriter(path: path, options: options)
    try failed.beginTensor(named: "t", dtype: .uint8, shape: try Shape([100] as [UInt64]))
    try failed.append(Array(0..<99))
    #expect(throws: WeightPackError.self) { try failed.endTensor() }
    #expect(try readBytes(at: path) == [1, 2, 3])
    #expect(try directory.entries() == ["a.wpk"])

    do {
      let abandoned = try WeightWriter(path: path, options: options)
      try abandoned.write(named: "t", dtype: .uint8, shape: try Shape([1] as [UInt64]), bytes: [1])
    }
    #expect(try readBytes(at: path) == [1, 2, 3])
    #expect(try directory.entries() == ["a.wpk"])

    _ = try writeFile(sampleTensors(), to: path, options: options)
    #expect(try WeightFile(path: path).entries.count == 3)
    #expect(try directory.entries() == ["a.wpk"])
  }

  @Test func writesRawTensorsContiguously() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("raw.wpk")
    let tensors = sampleTensors()
    try writeFile(tensors, to: path, options: smallWriteOptions(chunkByteCount: 128, codec: .raw))
    let file = try WeightFile(path: path)
    for tensor in tensors {
      let entry = try file.entry(named: tensor.name)
      #expect(entry.codec == .raw && entry.filters.isEmpty && entry.isContiguousRaw)
      #expect(Array(try file.data(of: entry)) == tensor.bytes)
    }
  }

  @Test func cutsChunksThatDoNotDivideTheTensor() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("c.wpk")
    let bytes = float32Bytes((0..<250).map(Float.init))
    let writer = try WeightWriter(path: path, options: smallWriteOptions(chunkByteCount: 100))
    try writer.beginTensor(named: "t", dtype: .float32, shape: try Shape([250] as [UInt64]))
    // Pieces of awkward sizes: the writer must not care where they fall.
    var start = 0
    for size in [1, 63, 64, 65, 300, 507] {
      try writer.append(Array(bytes[start..<start + size]))
      start += size
    }
    try writer.endTensor()
    try writer.finish()
    let entry = try WeightFile(path: path).entry(named: "t")
    #expect(entry.chunks.map(\.byteCount) == Array(repeating: 64, count: 15) + [40])
    #expect(Array(try WeightFile(path: path).data(of: entry)) == bytes)
  }

  @Test func storesMetadataAndHistory() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("m.wpk")
    let writer = try WeightWriter(path: path, options: smallWriteOptions())
    writer.metadata = ["license": "mit", "author": "é"]
    let entry = HistoryEntry(
      operation: "convert", parameters: ["from": "npy"], tool: "wpk 0.1.0",
      time: "2026-01-01T00:00:00Z")
    writer.history = [entry]
    try writer.finish()
    let file = try WeightFile(path: path)
    #expect(file.manifest.metadata == ["license": "mit", "author": "é"])
    #expect(file.manifest.history == [entry])
    #expect(file.entries.isEmpty)
    #expect(file.trailer.manifestOffset == 64)
  }

  /// A manifest of 4096 bytes or more is stored deflated (with the zlib codec only), and
  /// reads back the same.
  @Test(arguments: [Codec.zlib, .raw])
  func deflatesLongManifests(codec: Codec) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("many.wpk")
    let tensors = (0..<60).map { index in
      TestTensor(
        name: "encoder.layer\(index).attention.output.dense.bias", dtype: .float32,
        dimensions: [4], bytes: float32Bytes([Float(index), 1, 2, 3]))
    }
    _ = try writeFile(tensors, to: path, options: smallWriteOptions(codec: codec))
    let file = try WeightFile(path: path)
    #expect(file.trailer.manifestByteCount >= 4096)
    #expect(file.trailer.isManifestCompressed == (codec == .zlib))
    if codec == .zlib {
      #expect(file.trailer.manifestStoredByteCount < file.trailer.manifestByteCount / 3)
    }
    #expect(file.entries.map(\.name) == tensors.map(\.name))
    for tensor in tensors {
      #expect(Array(try file.data(of: try file.entry(named: tensor.name))) == tensor.bytes)
    }
    #expect(file.verify().isSound)
  }

  /// The default strategy codes integer planes with runs: a position-id ramp, whose high
  /// byte planes are all zero, shrinks well below what Huffman-only coding reaches.
  @Test func codesIntegerTensorsWithRuns() throws {
    let directory = try TemporaryDirectory()
    let ramp = TestTensor(
      name: "position_ids", dtype: .int64, dimensions: [1, 512],
      bytes: littleEndianBytes((0..<512).map { Int64($0) }))
    var sizes: [DeflateStrategy: UInt64] = [:]
    for strategy in [DeflateStrategy.automatic, .huffmanOnly] {
      var options = smallWriteOptions(chunkByteCount: 1 << 20)
      options.strategy = strategy
      let path = directory.file("ramp.wpk")
      _ = try writeFile([ramp], to: path, options: options)
      sizes[strategy] = try WeightFile(path: path).entries[0].storedByteCount
      try FileManager.default.removeItem(atPath: path)
    }
    let automatic = try #require(sizes[.automatic])
    let huffman = try #require(sizes[.huffmanOnly])
    #expect(automatic < 700 && huffman > 1000, "automatic \(automatic), huffman \(huffman)")
  }
}

extension WeightWriterTests {
  /// A manifest longer than readers accept is refused, and nothing is left behind.
  @Test func refusesAManifestReadersWouldRefuse() throws {
    let directory = try TemporaryDirectory()
    var options = smallWriteOptions()
    options.maximumManifestByteCount = 200
    let writer = try WeightWriter(path: directory.file("m.wpk"), options: options)
    writer.metadata = ["note": String(repeating: "x", count: 300)]
    let error = #expect(throws: WeightPackError.self) { try writer.finish() }
    guard case .manifestTooLarge(let byteCount, 200)? = error?.kind else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(byteCount > 300)
    #expect(try directory.entries().isEmpty)
  }
}

extension WeightWriterTests {
  /// Without `overwrite`, a file that appears at the destination while the output is being
  /// written is neither replaced nor joined by the temporary file.
  @Test func doesNotReplaceAFileThatAppearedMeanwhile() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("late.wpk")
    let writer = try WeightWriter(path: path, options: smallWriteOptions())
    try writeBytes([1, 2, 3], to: path)
    let error = #expect(throws: WeightPackError.self) { try writer.finish() }
    #expect(error?.kind == .outputExists)
    #expect(try readBytes(at: path) == [1, 2, 3])
    #expect(try directory.entries() == ["late.wpk"])
  }

  /// `parallelMap` runs at most `workers` bodies at once, and keeps index order.
  @Test func parallelMapHonoursTheWorkerCount() throws {
    let running = Mutex((now: 0, most: 0))
    let results = try parallelMap(64, workers: 2) { index -> Int in
      running.withLock { state in
        state.now += 1
        state.most = max(state.most, state.now)
      }
      usleep(200)
      running.withLock { $0.now -= 1 }
      return index * 2
    }
    #expect(results == (0..<64).map { $0 * 2 })
    #expect(running.withLock { $0.most } <= 2)
  }

  @Test func sumsSaturateInsteadOfTrapping() {
    #expect([UInt64.max - 1, 5, 7].saturatingSum() == .max)
    #expect([UInt64(3), 4].saturatingSum() == 7)
    #expect([UInt64]().saturatingSum() == 0)
  }
}
