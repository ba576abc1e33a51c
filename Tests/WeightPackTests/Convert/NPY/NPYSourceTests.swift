import Foundation
import Testing

@testable import WeightPack

@Suite struct NPYSourceTests {
  @Test(arguments: NPYFixture.all)
  func readsFixture(_ fixture: NPYFixture) throws {
    let source = try NPYSource(path: fixture.path)
    let tensor = try #require(source.tensors.first)
    #expect(source.tensors.count == 1)
    #expect(tensor.name == NPYSource.tensorName(forFileAt: fixture.file))
    #expect(tensor.dtype.rawValue == fixture.dtype)
    #expect(tensor.shape.dimensions == fixture.shape)
    #expect(source.header.isFortranOrder == fixture.fortranOrder)
    #expect(source.header.isBigEndian == fixture.descr.hasPrefix(">"))
    #expect(try streamedBytes(of: source) == fixture.expectedBytes())
    let summary = source.summary()
    #expect(summary.format == "npy")
    #expect(summary.version == "\(fixture.version[0]).\(fixture.version[1])")
    #expect(source.verify(progress: nil).problems.isEmpty)
  }

  @Test func streamsLargeFortranArraysInBoundedPieces() throws {
    // 3 × 300 × 500 float32 is 1.8 MB, so the reordered stream takes two pieces.
    let directory = try TemporaryDirectory()
    let dimensions = [3, 300, 500]
    let count = dimensions.reduce(1, *)
    var columnMajor = [UInt32](repeating: 0, count: count)
    // The element at (i, j, k) holds its row-major index; Fortran order puts it at
    // i + 3j + 900k.
    for i in 0..<3 {
      for j in 0..<300 {
        for k in 0..<500 { columnMajor[i + 3 * j + 900 * k] = UInt32(i * 150_000 + j * 500 + k) }
      }
    }
    var file = Array("{'descr': '<u4', 'fortran_order': True, 'shape': (3, 300, 500), }".utf8)
    while (10 + file.count + 1) % 64 != 0 { file.append(0x20) }
    file.append(0x0A)
    let prefix = NPYHeader.magic + [1, 0] + littleEndianBytes([UInt16(file.count)])
    try writeBytes(prefix + file + littleEndianBytes(columnMajor), to: directory.file("f.npy"))

    let source = try NPYSource(path: directory.file("f.npy"))
    var pieces: [Int] = []
    var values: [UInt32] = []
    try source.readTensor(at: 0) { piece in
      pieces.append(piece.count)
      values += integers(piece, as: UInt32.self)
    }
    #expect(pieces == [1 << 20, count * 4 - (1 << 20)])
    #expect(values == (0..<UInt32(count)).map { $0 })
  }

  @Test func namesTheTensorAfterTheFile() {
    #expect(NPYSource.tensorName(forFileAt: "/a/b/weights.npy") == "weights")
    #expect(NPYSource.tensorName(forFileAt: "w.NPY") == "w")
    #expect(NPYSource.tensorName(forFileAt: "plain") == "plain")
  }

  @Test func registersBothFormats() throws {
    #expect(try WeightFormat.named("npy").extensions == ["npy"])
    #expect(try WeightFormat.named("npy-dir").isDirectory)
    #expect(try WeightFormat.detect(input: FixturePaths.npy + "/dir").name == "npy-dir")
    #expect(try WeightFormat.detect(input: FixturePaths.npy + "/rank-1.npy").name == "npy")
    #expect(try WeightFormat.detect(output: "out.npy").name == "npy")
    #expect(try WeightFormat.detect(output: "out/").name == "npy-dir")
  }

  @Test func truncationAfterOpeningNamesFileTensorAndOffset() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("t.npy")
    let original = try readBytes(at: FixturePaths.npy + "/dtype-f64-le.npy")
    try writeBytes(original, to: path)
    let source = try NPYSource(path: path)
    try writeBytes(Array(original.dropLast(8)), to: path)
    let report = source.verify(progress: nil)
    let problem = try #require(report.problems.first)
    #expect(problem.path == path)
    #expect(problem.tensor == "t")
    #expect(problem.offset == 128)
    guard case .truncated = problem.kind else {
      Issue.record("expected .truncated, got \(problem.kind)")
      return
    }
  }
}
