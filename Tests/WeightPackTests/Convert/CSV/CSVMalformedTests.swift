import Foundation
import Testing

@testable import WeightPack

/// One broken CSV file and the error it must give, at open or while its values stream.
struct CSVMalformedCase: Sendable, CustomTestStringConvertible {
  var name: String
  var text: [UInt8]
  var kind: WeightPackError.Kind
  var offset: UInt64?
  var options = CSVOptions()

  var testDescription: String { name }

  init(_ name: String, _ text: String, _ kind: WeightPackError.Kind, at offset: UInt64?) {
    self.name = name
    self.text = Array(text.utf8)
    self.kind = kind
    self.offset = offset
  }

  static func csv(_ line: Int, _ column: Int?, _ reason: String) -> WeightPackError.Kind {
    .malformedCSV(line: line, column: column, reason: reason)
  }

  static let all: [CSVMalformedCase] = {
    var rows = [
      CSVMalformedCase(
        "empty file", "", csv(1, nil, "the file holds no records"), at: 0),
      CSVMalformedCase(
        "only blank lines", "\n\r\n\n", csv(1, nil, "the file holds no records"), at: 0),
      CSVMalformedCase(
        "ragged row", "1,2,3\n4,5\n", csv(2, nil, "the record has 2 fields, the first has 3"),
        at: 6),
      CSVMalformedCase(
        "ragged row after a header", "a,b\n1,2\n3,4,5\n",
        csv(3, nil, "the record has 3 fields, the first has 2"), at: 8),
      CSVMalformedCase(
        "empty cell", "a,b\n1,\n", csv(2, 2, "the cell is empty (use --missing nan)"), at: 6),
      CSVMalformedCase(
        "non-numeric cell", "a,b\n1,2\n3,four\n", csv(3, 2, "'four' is not a number"), at: 10),
      CSVMalformedCase(
        "number with trailing text", "1,2\n3,4x\n", csv(2, 2, "'4x' is not a number"), at: 6),
      CSVMalformedCase(
        "two decimal points", "1,2\n1,2.5.1\n", csv(2, 2, "'2.5.1' is not a number"), at: 6),
      CSVMalformedCase(
        "unclosed quote", "1,\"2\n3,4\n", csv(1, nil, "a quoted field is never closed"), at: 0),
      CSVMalformedCase(
        "quote inside an unquoted field", "1,2\n3\"x,\"4\n",
        csv(2, nil, "a quoted field is never closed"), at: 8),
      CSVMalformedCase(
        "text after a closing quote", "1,\"2\"x\n", csv(1, nil, "text follows a closing quote"),
        at: 5),
      CSVMalformedCase(
        "non-ASCII digits", "1,2\n1,٣\n", csv(2, 2, "'٣' is not a number"), at: 6),
      CSVMalformedCase(
        "quoted delimiter in a value", "a,b\n1,\"2,3\"\n", csv(2, 2, "'2,3' is not a number"),
        at: 6),
    ]
    var long = CSVMalformedCase(
      "record longer than the limit", "1,2\n" + String(repeating: "1", count: 100) + ",2\n",
      csv(2, nil, "the record is longer than 64 bytes"), at: 4)
    long.options.maximumRecordByteCount = 64
    rows.append(long)
    var wrongDelimiter = CSVMalformedCase(
      "forced delimiter that is absent", "1;2\n3;4\n", csv(1, 1, "'1;2' is not a number"),
      at: 0)
    wrongDelimiter.options.delimiter = UInt8(ascii: ",")
    wrongDelimiter.options.header = .absent
    rows.append(wrongDelimiter)
    return rows
  }()
}

@Suite struct CSVMalformedTests {
  @Test func tableHasEnoughRows() {
    #expect(CSVMalformedCase.all.count >= 10)
    #expect(Set(CSVMalformedCase.all.map(\.name)).count == CSVMalformedCase.all.count)
  }

  @Test(arguments: CSVMalformedCase.all)
  func refusesMalformedCSV(_ row: CSVMalformedCase) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("bad.csv")
    try writeBytes(row.text, to: path)
    let error = #expect(throws: WeightPackError.self) {
      let source = try CSVSource(path: path, options: row.options)
      _ = try streamedBytes(of: source)
    }
    #expect(error?.kind == row.kind)
    #expect(error?.offset == row.offset)
    #expect(error?.path == path)
    #expect(error.map { !$0.description.contains("\n") } == true)
  }
}
