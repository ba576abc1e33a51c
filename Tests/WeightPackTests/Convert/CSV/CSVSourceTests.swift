import Foundation
import Testing

@testable import WeightPack

/// CSV files written by pandas, numpy and Python's csv module (`Fixtures/csv/make_csv.py`):
/// the values WeightPack parses are bit for bit those pandas reads.
@Suite struct CSVSourceTests {
  @Test(
    arguments: [
      ("pandas.csv", [20, 4], ["alpha", "beta", "gamma,delta", "epsilon"]),
      ("savetxt.csv", [7, 3], nil),
      ("tabs.tsv", [5, 3], ["x", "y", "z"]),
      ("quoted.csv", [4, 2], ["first", "second"]),
      ("scale.csv", [64, 5], ["c0", "c1", "c2", "c3", "c4"]),
    ] as [(String, [UInt64], [String]?)])
  func readsWhatPandasReads(_ file: String, _ shape: [UInt64], _ columns: [String]?) throws {
    let path = FixturePaths.csv + "/" + file
    let source = try WeightFormat.detect(input: path).openSource?(path, ReadOptions())
    let csv = try #require(source as? CSVSource)
    #expect(csv.tensors[0].shape.dimensions == shape)
    #expect(csv.tensors[0].dtype == .float32)
    #expect(csv.layout.columnNames == columns)
    let stem = String(file.prefix { $0 != "." })
    #expect(csv.tensors[0].name == stem)
    #expect(try streamedBytes(of: csv) == readBytes(at: FixturePaths.csv + "/expected/\(stem).bin"))
  }

  @Test func readsDoublesWhenAsked() throws {
    var options = CSVOptions()
    options.dtype = .float64
    options.tensorName = "table"
    let source = try CSVSource(path: FixturePaths.csv + "/f64.csv", options: options)
    #expect(
      source.tensors[0]
        == TensorDescriptor(name: "table", dtype: .float64, shape: try Shape([6, 2] as [UInt64])))
    #expect(source.metadata.isEmpty)
    #expect(try streamedBytes(of: source) == readBytes(at: FixturePaths.csv + "/expected/f64.bin"))
  }

  @Test func keepsColumnNamesAsJSON() throws {
    let source = try CSVSource(path: FixturePaths.csv + "/pandas.csv")
    #expect(source.metadata == ["csv.columns": #"["alpha","beta","gamma,delta","epsilon"]"#])
  }

  @Test func headerCanBeForcedEitherWay() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("t.csv")
    try writeBytes(Array("1,2\n3,4\n".utf8), to: path)
    var options = CSVOptions()
    options.header = .present
    let forced = try CSVSource(path: path, options: options)
    #expect(forced.tensors[0].shape.dimensions == [1, 2])
    #expect(forced.metadata == ["csv.columns": #"["1","2"]"#])
    options.header = .absent
    try writeBytes(Array("a,b\n3,4\n".utf8), to: path)
    let error = #expect(throws: WeightPackError.self) {
      _ = try streamedBytes(of: try CSVSource(path: path, options: options))
    }
    #expect(error?.kind == .malformedCSV(line: 1, column: 1, reason: "'a' is not a number"))
    #expect(error?.offset == 0)
    #expect(error?.tensor == "t")
  }

  @Test func missingCellsBecomeNaNWhenAsked() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("m.csv")
    try writeBytes(Array("a,b\n1,\n ,2\n".utf8), to: path)
    var options = CSVOptions()
    options.missingAsNaN = true
    let values = integers(
      try streamedBytes(of: try CSVSource(path: path, options: options)), as: UInt32.self
    ).map(Float.init(bitPattern:))
    #expect(values[0] == 1 && values[1].isNaN && values[2].isNaN && values[3] == 2)
  }

  @Test func skipsBlankLinesAndReadsTheLastLineWithoutANewline() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("b.csv")
    try writeBytes(Array("\n1;2\r\n\r\n\n3;4".utf8), to: path)
    let source = try CSVSource(path: path)
    #expect(source.layout.delimiter == UInt8(ascii: ";"))
    #expect(source.tensors[0].shape.dimensions == [2, 2])
    #expect(try streamedBytes(of: source) == float32Bytes([1, 2, 3, 4]))
  }
}
