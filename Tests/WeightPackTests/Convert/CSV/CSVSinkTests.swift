import Foundation
import Testing

@testable import WeightPack

@Suite struct CSVSinkTests {
  /// Writes `tensor` as CSV through a converter and returns the text.
  private func csvText(
    _ tensor: TensorDescriptor,
    _ bytes: [UInt8],
    metadata: [String: String] = [:],
    in directory: TemporaryDirectory
  ) throws -> String {
    let source = PieceSource(tensor: tensor, bytes: bytes, pieceByteCount: 5)
    let path = directory.file(tensor.name + ".csv")
    let sink = try CSVSink(path: path)
    _ = try sink.plan([tensor], metadata: metadata, typedMetadata: [])
    try sink.beginTensor(tensor)
    try source.readTensor(at: 0) { try sink.append($0) }
    try sink.endTensor()
    try sink.finish(metadata: metadata, history: [])
    return String(decoding: try readBytes(at: path), as: UTF8.self)
  }

  /// Random float32 values, specials first; every one survives text and back bit for bit.
  @Test func float32SurvivesTextBitForBit() throws {
    let directory = try TemporaryDirectory()
    var random = SplitMix(seed: 42)
    var values: [Float] = [
      .nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude,
      .greatestFiniteMagnitude, 0.1, 1e-8,
    ]
    values += (0..<991).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: random.next())) }
    values = values.map { $0.isNaN ? .nan : $0 }
    let tensor = TensorDescriptor(
      name: "w", dtype: .float32, shape: try Shape([100, 10] as [UInt64]))
    let text = try csvText(tensor, float32Bytes(values), in: directory)
    #expect(text.hasPrefix("nan,inf,-inf,0.0,-0.0,1e-45,3.4028235e+38,0.1,1e-08,"))
    #expect(text.split(separator: "\n").count == 100)
    let back = try streamedBytes(of: try CSVSource(path: directory.file("w.csv")))
    #expect(back == float32Bytes(values))
  }

  @Test func writesOtherDTypesExactly() throws {
    let directory = try TemporaryDirectory()
    let doubles: [Double] = [0.1, -1e-300, 123456789.123456789, .pi]
    let f64 = TensorDescriptor(name: "d", dtype: .float64, shape: try Shape([4] as [UInt64]))
    #expect(
      try csvText(f64, float64Bytes(doubles), in: directory)
        == "0.1\n-1e-300\n123456789.12345679\n3.141592653589793\n")
    let i16 = TensorDescriptor(name: "i", dtype: .int16, shape: try Shape([1, 3] as [UInt64]))
    #expect(
      try csvText(i16, littleEndianBytes([Int16(-32768), 0, 7]), in: directory) == "-32768,0,7\n")
    let f16 = TensorDescriptor(name: "h", dtype: .float16, shape: try Shape([1, 3] as [UInt64]))
    let halves: [UInt16] = [0x3C00, 0x3555, 0xFC00]
    #expect(try csvText(f16, littleEndianBytes(halves), in: directory) == "1.0,0.33325195,-inf\n")
    let flag = TensorDescriptor(name: "b", dtype: .bool, shape: try Shape([] as [UInt64]))
    #expect(try csvText(flag, [1], in: directory) == "1\n")
  }

  @Test func writesTheHeaderFromMetadata() throws {
    let directory = try TemporaryDirectory()
    let tensor = TensorDescriptor(name: "t", dtype: .float32, shape: try Shape([1, 2] as [UInt64]))
    let text = try csvText(
      tensor, float32Bytes([1, 2]), metadata: ["csv.columns": #"["a","b,\"c\""]"#],
      in: directory)
    #expect(text == "a,\"b,\"\"c\"\"\"\n1.0,2.0\n")
    let other = TensorDescriptor(name: "u", dtype: .float32, shape: try Shape([1, 2] as [UInt64]))
    let mismatched = try csvText(
      other, float32Bytes([1, 2]), metadata: ["csv.columns": #"["only"]"#], in: directory)
    #expect(mismatched == "1.0,2.0\n")
    // Names that are all numbers would read back as data, so no header is written.
    let numeric = TensorDescriptor(
      name: "v", dtype: .float32, shape: try Shape([1, 2] as [UInt64]))
    let plain = try csvText(
      numeric, float32Bytes([3, 4]), metadata: ["csv.columns": #"["1","2"]"#], in: directory)
    #expect(plain == "3.0,4.0\n")
  }

  @Test func refusesRankThreeAndFP8() throws {
    let directory = try TemporaryDirectory()
    let sink = try CSVSink(path: directory.file("x.csv"))
    let cube = TensorDescriptor(
      name: "c", dtype: .float32, shape: try Shape([2, 2, 2] as [UInt64]))
    let error = #expect(throws: WeightPackError.self) { try sink.beginTensor(cube) }
    #expect(
      error?.kind
        == .unsupportedShape(
          format: "csv", shape: "[2, 2, 2]",
          reason: "CSV holds 1-D or 2-D tensors (use --reshape ROWS,COLUMNS)"))
    let fp8 = TensorDescriptor(name: "f", dtype: .float8E4M3, shape: try Shape([2] as [UInt64]))
    let refused = #expect(throws: WeightPackError.self) { try sink.beginTensor(fp8) }
    #expect(refused?.kind == .unsupportedDType(format: "csv", dtype: "F8_E4M3"))
    sink.cancel()
    #expect(try directory.entries().isEmpty)
  }
}
