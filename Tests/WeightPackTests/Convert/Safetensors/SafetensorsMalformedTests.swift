import Foundation
import Testing

@testable import WeightPack

/// One hostile or broken safetensors file and the error a reader must give for it.
struct SafetensorsMalformedCase: Sendable, CustomTestStringConvertible {
  /// What the row breaks, shown as the test case's name.
  var name: String
  /// The whole file.
  var bytes: [UInt8]
  /// The fact the reader must report.
  var kind: WeightPackError.Kind
  /// The offset the error must carry, from the file's first byte.
  var offset: UInt64?
  /// The tensor the error must name, if any.
  var tensor: String? = nil

  var testDescription: String { name }
}

/// A safetensors file: the length prefix, `header`, then `data`.
private func file(_ header: String, _ data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
  var writer = ByteWriter()
  writer.append(length ?? UInt64(header.utf8.count))
  writer.append(Array(header.utf8))
  writer.append(data)
  return writer.bytes
}

/// A header with one tensor `t`: `entry` is its object's members.
private func one(_ entry: String) -> String { #"{"t":{"# + entry + "}}" }

/// A malformed-header row.
private func row(
  _ name: String,
  _ bytes: [UInt8],
  _ reason: String,
  at offset: UInt64?,
  tensor: String? = nil
) -> SafetensorsMalformedCase {
  SafetensorsMalformedCase(
    name: name, bytes: bytes, kind: .malformedHeader(format: "safetensors", reason: reason),
    offset: offset, tensor: tensor)
}

extension SafetensorsMalformedCase {
  static let validEntry = #""dtype":"F32","shape":[2],"data_offsets":[0,8]"#
  static let eightBytes = [UInt8](repeating: 0, count: 8)

  /// Every row, in the order a reader checks.
  static let all: [SafetensorsMalformedCase] = [
    SafetensorsMalformedCase(
      name: "empty file", bytes: [], kind: .truncated(needed: 8, available: 0), offset: 0),
    SafetensorsMalformedCase(
      name: "shorter than the length prefix", bytes: [2, 0, 0],
      kind: .truncated(needed: 8, available: 3), offset: 0),
    row(
      "header over the 100 MB limit", file("{}", length: 100_000_001),
      "header is 100000001 bytes, limit is 100000000", at: 0),
    SafetensorsMalformedCase(
      name: "header longer than the file", bytes: file("{}", length: 40),
      kind: .truncated(needed: 40, available: 2), offset: 8),
    SafetensorsMalformedCase(
      name: "length prefix near 2^64", bytes: file("{}", length: .max - 3),
      kind: .malformedHeader(
        format: "safetensors", reason: "header is 18446744073709551612 bytes, limit is 100000000"),
      offset: 0),
    row(
      "header not UTF-8", [2, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0xFF], "header is not valid UTF-8", at: 8),
    SafetensorsMalformedCase(
      name: "header not JSON", bytes: file("{tensors}"),
      kind: .invalidJSON("expected a string key at byte 1 of the document"), offset: 8),
    SafetensorsMalformedCase(
      name: "duplicate tensor key", bytes: file(#"{"t":{},"t":{}}"#, eightBytes),
      kind: .invalidJSON("duplicate key 't' at byte 8 of the document"), offset: 8),
    row("header is an array", file("[]"), "header is not a JSON object", at: 8),
    row(
      "metadata value not a string", file(#"{"__metadata__":{"n":1}}"#),
      "'__metadata__' value of 'n' is not a string", at: 8),
    row(
      "metadata not an object", file(#"{"__metadata__":"x"}"#),
      "'__metadata__' must be an object of strings", at: 8),
    row(
      "tensor entry not an object", file(#"{"t":[1]}"#), "entry is not an object", at: 8,
      tensor: "t"),
    row(
      "missing dtype", file(one(#""shape":[2],"data_offsets":[0,8]"#), eightBytes),
      "'dtype' is missing or not a string", at: 8, tensor: "t"),
    row(
      "complex dtype", file(one(#""dtype":"C64","shape":[1],"data_offsets":[0,8]"#), eightBytes),
      "dtype 'C64' is not supported (supported: "
        + DType.safetensorsNames.joined(separator: " ") + ")", at: 8, tensor: "t"),
    row(
      "negative dimension", file(one(#""dtype":"F32","shape":[-2],"data_offsets":[0,8]"#)),
      "'shape' holds -2, not a non-negative integer", at: 8, tensor: "t"),
    row(
      "fractional dimension", file(one(#""dtype":"F32","shape":[2.0],"data_offsets":[0,8]"#)),
      "'shape' holds 2.0, not a non-negative integer", at: 8, tensor: "t"),
    SafetensorsMalformedCase(
      name: "shape overflowing 64 bits",
      bytes: file(
        one(#""dtype":"U8","shape":[4294967296,4294967296,2],"data_offsets":[0,8]"#)),
      kind: .sizeOverflow, offset: 8, tensor: "t"),
    SafetensorsMalformedCase(
      name: "byte size overflowing 64 bits",
      bytes: file(one(#""dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,8]"#)),
      kind: .sizeOverflow, offset: 8, tensor: "t"),
    SafetensorsMalformedCase(
      name: "rank 65",
      bytes: file(one(#""dtype":"U8","shape":["# + rank65 + #"],"data_offsets":[0,1]"#)),
      kind: .rankTooLarge(rank: 65, limit: 64), offset: 8, tensor: "t"),
    row(
      "three data offsets", file(one(#""dtype":"F32","shape":[2],"data_offsets":[0,4,8]"#)),
      "'data_offsets' has 3 numbers, must have 2", at: 8, tensor: "t"),
    row(
      "offsets ending before they begin",
      file(one(#""dtype":"F32","shape":[2],"data_offsets":[8,0]"#)),
      "'data_offsets' [8, 0] end before they begin", at: 8, tensor: "t"),
    row(
      "size disagreeing with shape", file(one(#""dtype":"F32","shape":[3],"data_offsets":[0,8]"#)),
      "'data_offsets' [0, 8] hold 8 bytes, F32 [3] needs 12", at: 8, tensor: "t"),
    row(
      "control character in a name",
      file(#"{"a\u0001":{"# + validEntry + "}}", eightBytes), "", at: 8, tensor: "a\u{1}"),
    row(
      "first tensor not at offset 0",
      file(one(#""dtype":"F32","shape":[2],"data_offsets":[4,12]"#), eightBytes + [0, 0, 0, 0]),
      "data begins at 4 of the data region but the tensor before ends at 0, so it leaves a gap",
      at: 8 + UInt64(one(#""dtype":"F32","shape":[2],"data_offsets":[4,12]"#).utf8.count) + 4,
      tensor: "t"),
    row(
      "gap between tensors",
      file(twoTensors(3, 5), [1, 2, 3, 4, 5]),
      "data begins at 3 of the data region but the tensor before ends at 2, so it leaves a gap",
      at: 8 + UInt64(twoTensors(3, 5).utf8.count) + 3, tensor: "b"),
    row(
      "overlapping tensors",
      file(twoTensors(1, 3), [1, 2, 3]),
      "data begins at 1 of the data region but the tensor before ends at 2, so it overlaps "
        + "the tensor before", at: 8 + UInt64(twoTensors(1, 3).utf8.count) + 1, tensor: "b"),
    row(
      "trailing byte after the last tensor", file(one(validEntry), eightBytes + [0]),
      "tensors end at byte 70 but the file has 71 bytes (a safetensors file has no holes and "
        + "nothing after its last tensor)", at: 70),
    row(
      "data shorter than the offsets say", file(one(validEntry), [0, 0, 0]),
      "tensors end at byte 70 but the file has 65 bytes (a safetensors file has no holes and "
        + "nothing after its last tensor)", at: 65),
  ]

  /// Two U8 tensors: `a` at [0, 2), `b` at [begin, end).
  static func twoTensors(_ begin: Int, _ end: Int) -> String {
    #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"#
      + #""b":{"dtype":"U8","shape":[2],"data_offsets":["# + "\(begin),\(end)]}}"
  }

  static let rank65 = Array(repeating: "1", count: 65).joined(separator: ",")
}

@Suite struct SafetensorsMalformedTests {
  @Test func tableHasEnoughDistinctRows() {
    let names = SafetensorsMalformedCase.all.map(\.name)
    #expect(names.count >= 20)
    #expect(Set(names).count == names.count)
  }

  @Test(arguments: SafetensorsMalformedCase.all)
  func refusesMalformedFile(_ row: SafetensorsMalformedCase) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("bad.safetensors")
    try writeBytes(row.bytes, to: path)
    let error = #expect(throws: WeightPackError.self) { _ = try SafetensorsSource(path: path) }
    guard let error else { return }
    if case .malformedHeader(_, let reason) = row.kind, reason.isEmpty {
      // A row with no reason checks only the kind of a name error.
      guard case .invalidTensorName = error.kind else {
        Issue.record("got \(error.kind)")
        return
      }
    } else {
      #expect(error.kind == row.kind)
    }
    #expect(error.offset == row.offset)
    #expect(error.tensor == row.tensor)
    #expect(error.path == path)
    #expect(!error.description.contains("\n"))
  }
}
