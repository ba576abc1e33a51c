import Foundation
import Testing

@testable import WeightPack

/// The GGUF reader refuses every row of the malformed table with the pinned kind and offset,
/// and never crashes.
@Suite struct GGUFMalformedTests {
  @Test(arguments: GGUFMalformedCase.all)
  func rejectsMalformedFile(_ testCase: GGUFMalformedCase) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("bad.gguf")
    try writeBytes(testCase.bytes, to: path)
    let error = #expect(throws: WeightPackError.self) {
      _ = try GGUFSource(path: path)
    }
    #expect(error?.kind == testCase.expectedKind)
    #expect(error?.offset == testCase.expectedOffset)
    #expect(error?.path == path)
  }

  @Test func theUnbrokenFileReads() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("good.gguf")
    let bytes = GGUFBytes().bytes
    #expect(bytes.count == 384)
    try writeBytes(bytes, to: path)
    let source = try GGUFSource(path: path)
    #expect(
      source.tensors == [TensorDescriptor(name: "w", dtype: .float32, shape: try Shape([2, 32]))])
    var read: [UInt8] = []
    try source.readTensor(at: 0) { read += $0 }
    #expect(read == Array(bytes[128...]))
  }

  @Test func aHeaderLongerThanTheLimitIsRefused() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("big.gguf")
    try writeBytes(GGUFBytes().bytes, to: path)
    var options = ReadOptions()
    options.maximumManifestByteCount = 50
    let error = #expect(throws: WeightPackError.self) {
      _ = try GGUFSource(path: path, options: options)
    }
    #expect(error?.kind == .malformedGGUF(.headerTooLarge(limit: 50)))
    #expect(error?.offset == 32)
  }
}
