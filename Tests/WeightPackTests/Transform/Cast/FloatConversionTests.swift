import Foundation
import Testing

@testable import WeightPack

/// Casts agree bit for bit with numpy (F16, F64) and ml_dtypes (BF16) on the values of
/// `Fixtures/cast/make_cast.py`: ties, subnormals, overflow, signed zeros, infinities, NaN.
@Suite struct FloatConversionTests {
  private func fixture(_ name: String) throws -> [UInt8] {
    try readBytes(at: FixturePaths.cast + "/" + name)
  }

  private func converted(_ bytes: [UInt8], from: DType, to: DType) -> [UInt8] {
    bytes.withUnsafeBytes { FloatConversion.convert($0, from: from, to: to) }
  }

  @Test(arguments: [
    ("f32.bin", DType.float32, "f16.bin", DType.float16),
    ("f32.bin", .float32, "bf16.bin", .bfloat16),
    ("f32.bin", .float32, "f64.bin", .float64),
    ("f64-source.bin", .float64, "f64-to-f32.bin", .float32),
    ("f64-source.bin", .float64, "f64-to-f16.bin", .float16),
  ])
  func matchesTheReferenceTools(_ input: String, _ from: DType, _ output: String, _ to: DType)
    throws
  {
    let got = converted(try fixture(input), from: from, to: to)
    let want = try fixture(output)
    #expect(got.count == want.count)
    let width = to.unitByteCount
    let differing = stride(from: 0, to: min(got.count, want.count), by: width).filter {
      got[$0..<$0 + width] != want[$0..<$0 + width]
    }
    #expect(differing.isEmpty, "elements differ at bytes \(differing.prefix(8))")
  }

  /// Widening is exact: F16 and BF16 back to F32 give the values numpy and ml_dtypes cast.
  @Test func wideningRoundTrips() throws {
    for (name, dtype) in [("f16.bin", DType.float16), ("bf16.bin", .bfloat16)] {
      let narrow = try fixture(name)
      let wide = converted(narrow, from: dtype, to: .float32)
      #expect(converted(wide, from: .float32, to: dtype) == narrow)
    }
  }

  @Test func castingSourceCutsPiecesOnElementBoundaries() throws {
    let values = try fixture("f32.bin")
    let source = PieceSource(
      tensor: TensorDescriptor(
        name: "w", dtype: .float32, shape: try Shape([UInt64(values.count / 4)])),
      bytes: values, pieceByteCount: 7)
    let cast = try CastingSource(source, to: .bfloat16)
    #expect(cast.tensors[0].dtype == .bfloat16)
    #expect(cast.castNames == ["w"])
    #expect(try streamedBytes(of: cast) == fixture("bf16.bin"))
    let refused = #expect(throws: WeightPackError.self) {
      _ = try CastingSource(source, to: .int8)
    }
    #expect(
      refused?.kind == .invalidOption(name: "dtype", reason: "I8, must be F64, F32, F16 or BF16"))
  }
}

/// A one-tensor source that hands its bytes on in pieces of a fixed, odd size.
final class PieceSource: TensorSource {
  let tensor: TensorDescriptor
  let bytes: [UInt8]
  let pieceByteCount: Int

  init(tensor: TensorDescriptor, bytes: [UInt8], pieceByteCount: Int) {
    self.tensor = tensor
    self.bytes = bytes
    self.pieceByteCount = pieceByteCount
  }

  var path: String { "pieces" }
  var formatName: String { "test" }
  var metadata: [String: String] { [:] }
  var history: [HistoryEntry] { [] }
  var tensors: [TensorDescriptor] { [tensor] }

  func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + pieceByteCount)
      try body(Array(bytes[start..<end]))
      start = end
    }
  }
}
