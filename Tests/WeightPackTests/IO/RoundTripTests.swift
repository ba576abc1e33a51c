import Foundation
import Testing
@testable import WeightPack

@Suite struct RoundTripTests {
  @Test(arguments: [DType.float32, .float16, .bfloat16, .float64, .int64, .int8, .uint16, .bool])
  func writesAndReadsBack(_ dtype: DType) throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/t.wpk"
    var options = WriteOptions()
    options.chunkByteCount = 256
    let elementCount = 1000
    var generator = SplitMix(seed: 7)
    let bytes = (0..<elementCount * dtype.unitByteCount).map { index -> UInt8 in
      // Mostly small numbers, so the planes compress.
      index % dtype.unitByteCount == dtype.unitByteCount - 1
        ? UInt8(truncatingIfNeeded: 0x3C + generator.next() % 3)
        : UInt8(truncatingIfNeeded: generator.next())
    }
    let writer = try WeightWriter(path: path, options: options)
    try writer.write(
      named: "t", dtype: dtype, shape: try Shape([10, 100]), bytes: bytes)
    try writer.finish()

    let file = try WeightFile(path: path)
    let entry = try file.entry(named: "t")
    #expect(entry.chunks.count == (bytes.count + 255) / 256)
    #expect(Array(try file.data(of: entry)) == bytes)
    #expect(try file.readChunks(1..<3, of: entry) == Array(bytes[256..<768]))
    #expect(file.verify().isSound)
  }
}

struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A fresh directory under the system's temporary directory, removed when released.
final class TemporaryDirectory {
  let path: String
  init() throws {
    let base = FileManager.default.temporaryDirectory.path
    path = base + "/wpk-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(atPath: path) }
}
