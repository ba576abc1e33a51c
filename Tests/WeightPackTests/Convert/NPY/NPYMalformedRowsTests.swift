import Foundation

@testable import WeightPack

extension NPYMalformedCase {
  /// Every row of the malformed-file table.
  static let all = prefixRows + structureRows + valueRows + sizeRows

  /// Rows that break the magic, version and length fields.
  static let prefixRows: [NPYMalformedCase] = {
    let valid = npyFile(validHeader(), data: [UInt8](repeating: 0, count: 24))
    var badMagic = valid
    badMagic[5] = 0x58
    var version4 = valid
    version4[6] = 4
    var version11 = valid
    version11[7] = 1
    return [
      NPYMalformedCase(
        name: "bad magic", bytes: badMagic,
        expectedKind: .malformedHeader(
          format: "npy", reason: "magic is 0x934e554d5058, expected 0x934e554d5059"),
        expectedOffset: 0),
      NPYMalformedCase(
        name: "unsupported version 4.0", bytes: version4,
        expectedKind: .unsupportedVersion(found: "4.0", newest: "3.0"), expectedOffset: 6),
      NPYMalformedCase(
        name: "unsupported minor version 1.1", bytes: version11,
        expectedKind: .unsupportedVersion(found: "1.1", newest: "3.0"), expectedOffset: 6),
      NPYMalformedCase(
        name: "shorter than the magic", bytes: Array(valid.prefix(5)),
        expectedKind: .truncated(needed: 8, available: 5), expectedOffset: 0),
      NPYMalformedCase(
        name: "truncated header length", bytes: NPYHeader.magic + [2, 0, 0x10, 0],
        expectedKind: .truncated(needed: 4, available: 2), expectedOffset: 8),
      NPYMalformedCase(
        name: "header length beyond the file",
        bytes: NPYHeader.magic + [1, 0, 118, 0] + Array(validHeader().utf8.prefix(50)),
        expectedKind: .truncated(needed: 118, available: 50), expectedOffset: 10),
      NPYMalformedCase(
        name: "header too long", bytes: NPYHeader.magic + [2, 0, 0x11, 0x27, 0, 0],
        expectedKind: .malformedHeader(
          format: "npy", reason: "header is 10001 bytes, limit is 10000 (maximumHeaderByteCount)"),
        expectedOffset: 8),
    ]
  }()

  /// Rows that break the dict literal or its keys.
  static let structureRows: [NPYMalformedCase] = {
    let extraKey = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1, }"
    let twice = "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
    let deep = "{'descr': " + String(repeating: "(", count: 40)
    let unclosed = "{'descr': '<f4\n'fortran_order': False, 'shape': (2,), }"
    return [
      header("not a dict", "['descr', '<f4']", "header is a list, expected a dict", at: "["),
      header(
        "missing key", "{'descr': '<f4', 'fortran_order': False, }", "key 'shape' is missing",
        at: "{"),
      header(
        "unknown key", extraKey, "unknown key 'extra' (keys are descr, fortran_order, shape)",
        at: "'extra'"),
      header("duplicate key", twice, "key 'descr' appears twice", at: "'descr': '<f4', 'f"),
      header(
        "key that is not a string", "{1: 2}", "dict key is an integer, expected a string",
        at: "1"),
      header(
        "text after the dict", validHeader() + " x",
        "unexpected 'x' after the header's closing brace", at: "x"),
      header(
        "unclosed string", unclosed, "string is not closed before the end of the line",
        at: "\n"),
      NPYMalformedCase(
        name: "nesting too deep", bytes: npyFile(deep),
        expectedKind: .malformedHeader(format: "npy", reason: "values nest deeper than 16 levels"),
        expectedOffset: offset(of: "(", in: deep) + 16),
      header(
        "unknown name", validHeader().replacingOccurrences(of: "False", with: "false"),
        "unexpected name 'false' (only True, False and None are literals)", at: "false"),
      NPYMalformedCase(
        name: "version 3.0 header that is not UTF-8",
        bytes: npyFile(bytes: Array("{'descr': '".utf8) + [0xFF, 0x27, 0x7D], version: 3),
        expectedKind: .malformedHeader(
          format: "npy", reason: "version 3.0 header is not valid UTF-8"),
        expectedOffset: 12),
    ]
  }()

  /// Rows whose values are of the wrong kind or refused.
  static let valueRows: [NPYMalformedCase] = [
    header(
      "object dtype", validHeader(descr: "|O"),
      "descr '|O' is an object array, whose data is a pickle, which is never loaded", at: "'|O'"),
    header(
      "structured dtype", validHeader().replacingOccurrences(of: "'<f4'", with: "[('a', '<f4')]"),
      "descr is a list: structured dtypes (record arrays) are not supported", at: "["),
    header(
      "complex dtype", validHeader(descr: "<c8"),
      "descr '<c8' is complex, which has no WeightPack dtype", at: "'<c8'"),
    header(
      "unknown dtype", validHeader(descr: "<f16"), "descr '<f16' is not a supported dtype",
      at: "'<f16'"),
    header(
      "descr that is not a string", validHeader().replacingOccurrences(of: "'<f4'", with: "4"),
      "descr is an integer, expected a string", at: "4,"),
    header(
      "fortran_order that is not a bool",
      validHeader().replacingOccurrences(of: "False", with: "0"),
      "fortran_order is an integer, expected True or False", at: "0,"),
    header(
      "non-integer shape", validHeader(shape: "(2.5,)"), "'2.5' is not a decimal integer",
      at: "2.5"),
    header(
      "Python 2 long in shape", validHeader(shape: "(3L,)"), "'3L' is not a decimal integer",
      at: "3L"),
    header(
      "leading zero in shape", validHeader(shape: "(03,)"),
      "'03' has a leading zero, which Python refuses", at: "03"),
    header(
      "shape that is an integer, not a tuple", validHeader(shape: "(3)"),
      "shape is an integer, expected a tuple of integers", at: "3)"),
    header(
      "shape that is a list", validHeader(shape: "[2, 3]"),
      "shape is a list, expected a tuple of integers", at: "[2"),
    header(
      "string in shape", validHeader(shape: "('2',)"), "shape holds a string, expected integers",
      at: "'2'"),
    NPYMalformedCase(
      name: "negative dimension", bytes: npyFile(validHeader(shape: "(-1, 3)")),
      expectedKind: .invalidDimension("-1 is negative"),
      expectedOffset: offset(of: "-1", in: validHeader(shape: "(-1, 3)"))),
  ]

  /// Rows whose sizes overflow or disagree with the file.
  static let sizeRows: [NPYMalformedCase] = {
    let overflow = validHeader(shape: "(4294967296, 4294967296)")
    let byteOverflow = validHeader(descr: "<f8", shape: "(4611686018427387904,)")
    let huge = validHeader(shape: "(9223372036854775808,)")
    let rank33 = validHeader(shape: "(" + String(repeating: "1, ", count: 33) + ")")
    let valid = npyFile(validHeader())
    return [
      NPYMalformedCase(
        name: "overflowing shape", bytes: npyFile(overflow), expectedKind: .sizeOverflow,
        expectedOffset: offset(of: "(4", in: overflow)),
      NPYMalformedCase(
        name: "byte count overflowing", bytes: npyFile(byteOverflow),
        expectedKind: .sizeOverflow, expectedOffset: offset(of: "(4", in: byteOverflow)),
      NPYMalformedCase(
        name: "dimension beyond Int64", bytes: npyFile(huge),
        expectedKind: .invalidDimension("9223372036854775808 is larger than 9223372036854775807"),
        expectedOffset: offset(of: "9", in: huge)),
      NPYMalformedCase(
        name: "rank 33", bytes: npyFile(rank33),
        expectedKind: .rankTooLarge(rank: 33, limit: 32),
        expectedOffset: offset(of: "(1", in: rank33)),
      NPYMalformedCase(
        name: "data truncated", bytes: valid + [UInt8](repeating: 1, count: 20),
        expectedKind: .truncated(needed: 24, available: 20), expectedOffset: 128),
      NPYMalformedCase(
        name: "trailing data", bytes: valid + [UInt8](repeating: 1, count: 26),
        expectedKind: .malformedHeader(
          format: "npy", reason: "2 bytes follow the array's 24 bytes of data"),
        expectedOffset: 152),
    ]
  }()
}
