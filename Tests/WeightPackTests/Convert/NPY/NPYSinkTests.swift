import Foundation
import Testing

@testable import WeightPack

@Suite struct NPYSinkTests {
  private func descriptor(
    _ name: String = "t",
    _ dtype: DType = .float32,
    _ dimensions: [UInt64] = [2, 3]
  ) throws -> TensorDescriptor {
    TensorDescriptor(name: name, dtype: dtype, shape: try Shape(dimensions))
  }

  @Test func writesWhatNumpyWrites() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPYSink(path: directory.file("a.npy"))
    try sink.beginTensor(descriptor())
    let data = float32Bytes([0.5, -1, 2, 0.25, 3, -0.125])
    try sink.append(Array(data[..<10]))
    try sink.append(Array(data[10...]))
    try sink.endTensor()
    try sink.finish(metadata: ["dropped": "yes"], history: [])
    // The file Spec/FORMAT.md's example starts from, made by np.save.
    let numpy = try readBytes(at: FixturePaths.root + "/spec/example.npy")
    #expect(try readBytes(at: directory.file("a.npy")) == numpy)
    #expect(try directory.entries() == ["a.npy"])
  }

  @Test func refusesASecondTensor() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPYSink(path: directory.file("a.npy"))
    try sink.beginTensor(descriptor("a", .uint8, [1]))
    try sink.append([7])
    try sink.endTensor()
    let error = #expect(throws: WeightPackError.self) {
      try sink.beginTensor(descriptor("b", .uint8, [1]))
    }
    #expect(error?.kind == .tensorCountUnsupported(format: "npy", count: 2))
    sink.cancel()
    #expect(try directory.entries().isEmpty)
  }

  @Test func refusesToFinishWithoutATensor() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPYSink(path: directory.file("a.npy"))
    let error = #expect(throws: WeightPackError.self) {
      try sink.finish(metadata: [:], history: [])
    }
    #expect(error?.kind == .tensorCountUnsupported(format: "npy", count: 0))
    sink.cancel()
    #expect(try directory.entries().isEmpty)
  }

  @Test func refusesBFloat16() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPYSink(path: directory.file("a.npy"))
    let error = #expect(throws: WeightPackError.self) {
      try sink.beginTensor(descriptor("w", .bfloat16, [4]))
    }
    #expect(error?.kind == .unsupportedDType(format: "npy", dtype: "BF16"))
    #expect(error?.path == directory.file("a.npy"))
  }

  @Test func refusesTooManyAndTooFewBytes() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPYSink(path: directory.file("a.npy"))
    try sink.beginTensor(descriptor("t", .int16, [2]))
    let tooMany = #expect(throws: WeightPackError.self) { try sink.append([1, 2, 3, 4, 5]) }
    #expect(tooMany?.kind == .byteCountMismatch(expected: 4, actual: 5))
    try sink.append([1, 2])
    let tooFew = #expect(throws: WeightPackError.self) { try sink.endTensor() }
    #expect(tooFew?.kind == .byteCountMismatch(expected: 4, actual: 2))
  }

  @Test func keepsAnExistingFileUnlessOverwriting() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("a.npy")
    try writeBytes([1, 2, 3], to: path)
    let error = #expect(throws: WeightPackError.self) { _ = try NPYSink(path: path) }
    #expect(error?.kind == .outputExists)

    var options = WriteOptions()
    options.overwrite = true
    let sink = try NPYSink(path: path, options: options)
    try sink.beginTensor(descriptor("s", .float64, []))
    try sink.append(float64Bytes([2.5]))
    try sink.endTensor()
    #expect(try readBytes(at: path) == [1, 2, 3])
    try sink.finish(metadata: [:], history: [])
    #expect(try readBytes(at: path) == readBytes(at: FixturePaths.npy + "/scalar-0d.npy"))
  }

  @Test func cancelLeavesNothingBehind() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPYSink(path: directory.file("a.npy"))
    try sink.beginTensor(descriptor())
    try sink.append([1, 2, 3])
    sink.cancel()
    #expect(try directory.entries().isEmpty)
  }

  @Test func switchesToVersion2WhenTheHeaderOutgrows16Bits() throws {
    let shape = try Shape([UInt64](repeating: 1, count: 22_000))
    let header = try NPYHeader.encoded(dtype: .uint8, shape: shape)
    #expect(Array(header[0..<8]) == NPYHeader.magic + [2, 0])
    #expect(header.count % 64 == 0)
    #expect(Int(header.load(UInt32.self, at: 8)) == header.count - 12)
    #expect(header.last == 0x0A)
  }
}
