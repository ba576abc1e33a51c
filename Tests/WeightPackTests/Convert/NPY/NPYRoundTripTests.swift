import Foundation
import Testing

@testable import WeightPack

@Suite struct NPYRoundTripTests {
  /// Converts `source` to `.wpk` at `path` and opens the result.
  private func convertToWPK(_ source: any TensorSource, at path: String) throws -> WeightFile {
    try Converter.convert(
      source, to: WeightWriter(path: path, options: smallWriteOptions()), step: nil)
    return try WeightFile(path: path)
  }

  @Test(arguments: NPYFixture.all)
  func roundTripsThroughWPK(_ fixture: NPYFixture) throws {
    let directory = try TemporaryDirectory()
    let container = try convertToWPK(
      try NPYSource(path: fixture.path), at: directory.file("t.wpk"))
    #expect(container.tensors.map(\.shape.dimensions) == [fixture.shape])
    let output = directory.file("t.npy")
    try Converter.convert(container, to: NPYSink(path: output), step: nil)

    let reread = try NPYSource(path: output)
    #expect(reread.tensors.first?.dtype.rawValue == fixture.dtype)
    #expect(try streamedBytes(of: reread) == fixture.expectedBytes())
    if fixture.isCanonical {
      #expect(try readBytes(at: output) == readBytes(at: fixture.path))
    }
  }

  @Test func headersMatchNumpyForEveryCanonicalFixture() throws {
    let canonical = NPYFixture.all.filter(\.isCanonical)
    #expect(canonical.count >= 25)
    for fixture in canonical {
      let source = try NPYSource(path: fixture.path)
      let tensor = try #require(source.tensors.first)
      let header = try NPYHeader.encoded(dtype: tensor.dtype, shape: tensor.shape)
      let original = try readBytes(at: fixture.path)
      #expect(header == Array(original.prefix(header.count)), "\(fixture.file)")
      #expect(UInt64(header.count) == source.header.dataOffset, "\(fixture.file)")
    }
  }

  @Test func directoryRoundTripsThroughWPK() throws {
    let directory = try TemporaryDirectory()
    let source = try NPYDirectorySource(path: FixturePaths.npy + "/dir")
    let container = try convertToWPK(source, at: directory.file("d.wpk"))
    let output = directory.file("out")
    try Converter.convert(container, to: NPYDirectorySink(path: output), step: nil)

    let reread = try NPYDirectorySource(path: output)
    #expect(reread.tensors == source.tensors)
    for fixture in NPYFixture.directoryFiles {
      let written = output + "/" + fixture.tensor + ".npy"
      #expect(try readBytes(at: written) == readBytes(at: fixture.path), "\(fixture.file)")
    }
    #expect(try directory.entries() == ["d.wpk", "out"])
  }
}
