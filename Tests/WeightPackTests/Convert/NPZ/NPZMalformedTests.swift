import Foundation
import Testing

@testable import WeightPack

/// One way to break a `.npz` archive: the bytes, and the error the reader must report.
struct NPZMalformedCase: Sendable, CustomTestStringConvertible {
  /// What the row breaks, shown as the test case's name.
  var name: String
  /// The whole archive.
  var bytes: [UInt8]
  /// The fact the reader must report.
  var expectedKind: WeightPackError.Kind
  /// The offset the error must carry, counted from the archive's first byte.
  var expectedOffset: UInt64?
  /// The tensor the error must name, when the member's name is known and valid.
  var expectedTensor: String? = nil
  /// Whether opening succeeds and the error comes from reading the tensor's data.
  var failsWhenReading = false

  var testDescription: String { name }
}

@Suite struct NPZMalformedTests {
  @Test func tableHasARowPerAttack() {
    #expect(NPZMalformedCase.all.count >= 20)
  }

  @Test(arguments: NPZMalformedCase.all)
  func rejectsMalformedArchive(_ testCase: NPZMalformedCase) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("bad.npz")
    try writeBytes(testCase.bytes, to: path)
    let error = #expect(throws: WeightPackError.self) {
      let source = try NPZSource(path: path)
      #expect(testCase.failsWhenReading, "opened, but should have failed on opening")
      for index in source.tensors.indices { _ = try streamedBytes(of: source, at: index) }
    }
    #expect(error?.kind == testCase.expectedKind)
    #expect(error?.offset == testCase.expectedOffset)
    #expect(error?.tensor == testCase.expectedTensor)
    #expect(error?.path == path)
    #expect(error.map { !$0.description.contains("\n") } == true)
  }

  @Test func verifyReportsADamagedMemberAndGoesOn() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("bad.npz")
    let archive = TestArchive([
      TestMember(name: "a.npy", content: sampleNPY),
      TestMember(name: "b.npy", content: sampleNPY, isDeflated: true),
    ])
    var bytes = archive.bytes
    bytes[archive.dataOffsets[0] + 140] ^= 0x01
    try writeBytes(bytes, to: path)
    let report = try NPZSource(path: path).verify(progress: nil)
    #expect(report.tensorCount == 2)
    #expect(report.problems.count == 1)
    #expect(report.problems.first?.tensor == "a")
    #expect(report.problems.first?.offset == UInt64(archive.dataOffsets[0]))
  }

  /// Real zipfile output WeightPack refuses (`Fixtures/malformed/npz`).
  @Test(arguments: [
    ("bzip2-member.npz", WeightPackError.Kind.zipUnsupportedMethod(12), nil as String?),
    ("lzma-member.npz", .zipUnsupportedMethod(14), nil),
    ("text-member.npz", .zipMemberNotNPY("notes.txt"), nil),
    ("parent-dir-member.npz", .zipUnsafeMemberName("../evil.npy"), nil),
    ("duplicate-member.npz", .duplicateTensorName("a"), nil),
    (
      "not-npy-contents.npz",
      .malformedHeader(
        format: "npy", reason: "magic is 0x746869732069, expected 0x934e554d5059"),
      "a"
    ),
  ])
  func refusesZipfileArchives(
    _ file: String,
    _ kind: WeightPackError.Kind,
    _ tensor: String?
  ) {
    let path = FixturePaths.malformedNPZ + "/" + file
    let error = #expect(throws: WeightPackError.self) { _ = try NPZSource(path: path) }
    #expect(error?.kind == kind)
    #expect(error?.tensor == tensor)
    #expect(error?.path == path)
    #expect(error?.offset != nil)
  }
}
