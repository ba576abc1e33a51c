import Foundation
import Testing

@testable import WeightPack

/// One way to break a `.npy` file: the bytes, and the error the reader must report.
struct NPYMalformedCase: Sendable, CustomTestStringConvertible {
  /// What the row breaks, shown as the test case's name.
  var name: String
  /// The whole file.
  var bytes: [UInt8]
  /// The fact the reader must report.
  var expectedKind: WeightPackError.Kind
  /// The offset the error must carry, counted from the file's first byte.
  var expectedOffset: UInt64?

  var testDescription: String { name }

  /// A row whose header text is `text`, reporting a malformed header at the first byte of
  /// `token` in `text`.
  static func header(
    _ name: String,
    _ text: String,
    _ reason: String,
    at token: String,
    version: UInt8 = 1
  ) -> NPYMalformedCase {
    NPYMalformedCase(
      name: name, bytes: npyFile(text, version: version),
      expectedKind: .malformedHeader(format: "npy", reason: reason),
      expectedOffset: offset(of: token, in: text, version: version))
  }

  /// The file offset of the first `token` in the header `text`.
  static func offset(of token: String, in text: String, version: UInt8 = 1) -> UInt64 {
    let start = text.range(of: token).map {
      text.utf8.distance(from: text.startIndex, to: $0.lowerBound)
    }
    return UInt64(headerOffset(version: version) + (start ?? -1_000_000))
  }

  /// Where the header text starts: 10 in version 1.0, 12 in later versions.
  static func headerOffset(version: UInt8) -> Int { version == 1 ? 10 : 12 }
}

/// A `.npy` file with header text `text`, padded as numpy pads it, followed by `data`.
func npyFile(_ text: String, version: UInt8 = 1, data: [UInt8] = []) -> [UInt8] {
  npyFile(bytes: Array(text.utf8), version: version, data: data)
}

/// A `.npy` file with header bytes `text`, padded as numpy pads it, followed by `data`.
func npyFile(bytes text: [UInt8], version: UInt8 = 1, data: [UInt8] = []) -> [UInt8] {
  let prefixCount = NPYMalformedCase.headerOffset(version: version)
  var body = text
  while (prefixCount + body.count + 1) % 64 != 0 { body.append(0x20) }
  body.append(0x0A)
  let length =
    version == 1
    ? littleEndianBytes([UInt16(body.count)]) : littleEndianBytes([UInt32(body.count)])
  return NPYHeader.magic + [version, 0] + length + body + data
}

/// The header of a valid `<f4` array, with `shape` spliced in.
func validHeader(descr: String = "<f4", shape: String = "(2, 3)") -> String {
  "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
}

@Suite struct NPYMalformedTests {
  @Test func tableHasARowPerAttack() {
    #expect(NPYMalformedCase.all.count >= 30)
  }

  @Test(arguments: NPYMalformedCase.all)
  func rejectsMalformedFile(_ testCase: NPYMalformedCase) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("bad.npy")
    try writeBytes(testCase.bytes, to: path)
    let error = #expect(throws: WeightPackError.self) { _ = try NPYSource(path: path) }
    #expect(error?.kind == testCase.expectedKind)
    #expect(error?.offset == testCase.expectedOffset)
    #expect(error?.path == path)
  }

  @Test func largerHeaderLimitAdmitsLongHeaders() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("long.npy")
    let text = validHeader(shape: "(2, 3)") + String(repeating: " ", count: 12_000)
    try writeBytes(npyFile(text, version: 2, data: [UInt8](repeating: 0, count: 24)), to: path)
    #expect(throws: WeightPackError.self) { _ = try NPYSource(path: path) }
    let source = try NPYSource(path: path, maximumHeaderByteCount: 20_000)
    #expect(source.tensors.first?.shape.dimensions == [2, 3])
  }

  /// Real `np.save` output of dtypes WeightPack refuses: the descr starts at byte 20.
  @Test(arguments: [
    (
      "object-pickled.npy",
      "descr '|O' is an object array, whose data is a pickle, which is never loaded"
    ),
    ("structured.npy", "descr is a list: structured dtypes (record arrays) are not supported"),
    ("complex.npy", "descr '<c8' is complex, which has no WeightPack dtype"),
    ("unicode-string.npy", "descr '<U2' is a unicode string, which has no WeightPack dtype"),
    ("datetime.npy", "descr '<M8[D]' is a datetime, which has no WeightPack dtype"),
    ("void.npy", "descr '|V3' is raw void bytes, whose element type is unknown"),
  ])
  func refusesNumpyFilesOfUnsupportedDTypes(_ file: String, _ reason: String) {
    let path = FixturePaths.malformedNPY + "/" + file
    let error = #expect(throws: WeightPackError.self) { _ = try NPYSource(path: path) }
    #expect(error?.kind == .malformedHeader(format: "npy", reason: reason))
    #expect(error?.offset == 20)
    #expect(error?.path == path)
  }
}
