import Foundation
import Testing

@testable import WeightPack

/// `wpk normalize` against scikit-learn: `Fixtures/csv/scale.csv` (64 × 5 float32, one
/// constant column) and what MinMaxScaler(feature_range=(-1, 1)) and StandardScaler made of it.
@Suite struct NormalizingSourceTests {
  private func floats(_ bytes: [UInt8]) -> [Float] {
    integers(bytes, as: UInt32.self).map(Float.init(bitPattern:))
  }

  private func scale() throws -> CSVSource {
    try CSVSource(path: FixturePaths.csv + "/scale.csv")
  }

  /// The largest relative difference, with an absolute floor of 1e-6 for values near zero.
  private func worstError(_ got: [Float], _ want: [Float]) -> Double {
    zip(got, want).map { Double(abs($0 - $1)) / max(Double(abs($1)), 1e-6) }.max() ?? .infinity
  }

  @Test(arguments: [
    (ScalerMethod.minMax(lower: -1, upper: 1), "scale.minmax.bin"),
    (.zScore, "scale.zscore.bin"),
  ])
  func matchesScikitLearn(_ method: ScalerMethod, _ expected: String) throws {
    let source = try NormalizingSource(try scale(), method: method)
    #expect(source.normalizedNames == ["scale"])
    let got = floats(try streamedBytes(of: source))
    let want = floats(try readBytes(at: FixturePaths.csv + "/expected/" + expected))
    #expect(got.count == want.count)
    #expect(worstError(got, want) <= 1e-6)
    // The constant column (index 3) maps to the range's lower end, or to 0.
    let constant = stride(from: 3, to: got.count, by: 5).map { got[$0] }
    #expect(Set(constant) == [method == .zScore ? 0 : -1])
  }

  @Test(arguments: [ScalerMethod.minMax(lower: 0, upper: 1), .zScore])
  func storesParametersAndInvertsThem(_ method: ScalerMethod) throws {
    let original = try scale()
    let normalized = try NormalizingSource(original, method: method)
    let names = normalized.tensors.map(\.name)
    #expect(names.first == "scale")
    #expect(names.dropFirst() == method.parameterNames.map { "scale.scaler." + $0 }[...])
    #expect(normalized.metadata["scaler.scale"] == method.metadataValue)

    let directory = try TemporaryDirectory()
    let path = directory.file("n.wpk")
    try Converter.convert(normalized, to: try WeightWriter(path: path), step: nil)
    let inverse = try InverseNormalizingSource(try WeightFile(path: path))
    #expect(inverse.tensors.map(\.name) == ["scale"])
    #expect(inverse.metadata == original.metadata)
    let back = floats(try streamedBytes(of: inverse))
    let want = floats(try streamedBytes(of: original))
    #expect(worstError(back, want) <= 1e-5)
  }

  @Test func skipsTensorsThatAreNotTwoDimensionalFloats() throws {
    let ids = TensorDescriptor(name: "ids", dtype: .int64, shape: try Shape([2, 2] as [UInt64]))
    let source = PieceSource(
      tensor: ids, bytes: littleEndianBytes([Int64(1), 2, 3, 4]), pieceByteCount: 3)
    let normalized = try NormalizingSource(source, method: .zScore, pattern: "i*")
    #expect(normalized.normalizedNames.isEmpty)
    #expect(normalized.skippedNames == ["ids"])
    let error = #expect(throws: WeightPackError.self) { _ = try InverseNormalizingSource(source) }
    #expect(
      error?.kind
        == .invalidOption(
          name: "inverse", reason: "no tensor is marked as normalized (no 'scaler.*' metadata)"))
  }

  @Test func refusesAnEmptyRangeAndDoubleNormalizing() throws {
    let empty = #expect(throws: WeightPackError.self) {
      _ = try NormalizingSource(try scale(), method: .minMax(lower: 1, upper: 1))
    }
    #expect(
      empty?.kind
        == .invalidOption(name: "range", reason: "1.0,1.0: the lower end must be below the upper"))
    let directory = try TemporaryDirectory()
    let path = directory.file("n.wpk")
    try Converter.convert(
      try NormalizingSource(try scale(), method: .zScore), to: try WeightWriter(path: path),
      step: nil)
    let twice = #expect(throws: WeightPackError.self) {
      _ = try NormalizingSource(try WeightFile(path: path), method: .zScore)
    }
    #expect(twice?.tensor == "scale")
  }

  @Test func refusesInfinities() throws {
    let error = #expect(throws: WeightPackError.self) {
      _ = try NormalizingSource(
        try CSVSource(path: FixturePaths.csv + "/pandas.csv"), method: .zScore)
    }
    #expect(
      error?.kind
        == .invalidOption(
          name: "normalize",
          reason: "column 3 holds an infinity; scaling needs finite values (NaN is ignored)"))
    #expect(error?.tensor == "pandas")
  }

  /// Empty tensors are skipped and a column count beyond the limit is refused before anything
  /// is allocated for it (a 128-byte .npy can declare 2^60 columns).
  @Test func boundsWhatTheShapeCanMakeItAllocate() throws {
    let empty = TensorDescriptor(
      name: "e", dtype: .float32, shape: try Shape([0, 1 << 60] as [UInt64]))
    let skipped = try NormalizingSource(
      PieceSource(tensor: empty, bytes: [], pieceByteCount: 1), method: .zScore)
    #expect(skipped.skippedNames == ["e"])
    let wide = TensorDescriptor(
      name: "w", dtype: .float32, shape: try Shape([1, 1 << 25] as [UInt64]))
    let error = #expect(throws: WeightPackError.self) {
      _ = try NormalizingSource(
        PieceSource(tensor: wide, bytes: [], pieceByteCount: 1), method: .minMax(lower: 0, upper: 1)
      )
    }
    #expect(
      error?.kind
        == .invalidOption(
          name: "tensors", reason: "'w' has 33554432 columns, normalize handles up to 16777216"))
  }
}
