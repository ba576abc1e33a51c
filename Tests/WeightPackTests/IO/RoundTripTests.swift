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
