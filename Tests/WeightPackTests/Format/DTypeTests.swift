import Testing

@testable import WeightPack

@Suite struct DTypeTests {
  @Test func hasTheDocumentedWidths() {
    let widths: [DType: Int] = [
      .float64: 8, .float32: 4, .float16: 2, .bfloat16: 2, .float8E4M3: 1, .float8E5M2: 1,
      .int64: 8, .int32: 4, .int16: 2, .int8: 1, .uint64: 8, .uint32: 4, .uint16: 2, .uint8: 1,
      .bool: 1,
    ]
    #expect(Set(widths.keys) == Set(DType.allCases.filter { !$0.isBlock }))
    for dtype in DType.allCases where !dtype.isBlock {
      #expect(dtype.unitByteCount == widths[dtype])
      #expect(dtype.byteCount(forElementCount: 10) == UInt64(10 * (widths[dtype] ?? 0)))
    }
  }

  @Test func spellsNamesAsInFiles() {
    #expect(
      DType.allCases.map(\.rawValue) == [
        "F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2", "I64", "I32", "I16", "I8", "U64",
        "U32", "U16", "U8", "BOOL", "Q8_0", "Q4_0",
      ])
    #expect(DType(rawValue: "f32") == nil)
  }

  @Test func refusesOverflowingByteCounts() {
    #expect(DType.float32.byteCount(forElementCount: UInt64(1) << 62) == nil)
    #expect(DType.float32.byteCount(forElementCount: (UInt64(1) << 62) - 1) == UInt64.max - 3)
    #expect(DType.uint8.byteCount(forElementCount: .max) == .max)
    #expect(DType.float64.byteCount(forElementCount: 0) == 0)
  }

  @Test func describesGGUFBlockLayouts() {
    #expect(DType.q8Zero.traits.elementsPerBlock == 32)
    #expect(DType.q8Zero.unitByteCount == 34)
    #expect(DType.q4Zero.traits.elementsPerBlock == 32)
    #expect(DType.q4Zero.unitByteCount == 18)
    #expect(DType.q8Zero.traits.scaleByteCount == 2)
    #expect(DType.q8Zero.byteCount(forElementCount: 64) == 68)
    #expect(DType.q4Zero.byteCount(forElementCount: 96) == 54)
    #expect(DType.q4Zero.byteCount(forElementCount: 33) == nil)
    #expect(DType.q8Zero.traits.introducedIn == FormatVersion(major: 1, minor: 1))
    #expect(DType.float32.traits.introducedIn == FormatVersion(major: 1, minor: 0))
  }

  @Test func blocksNeverSpanRows() throws {
    #expect(DType.q8Zero.byteCount(for: try Shape([2, 64])) == 136)
    #expect(DType.q8Zero.byteCount(for: try Shape([64, 2])) == nil)
    #expect(DType.q8Zero.byteCount(for: try Shape([UInt64]())) == nil)
    #expect(DType.q4Zero.byteCount(for: try Shape([0, 32])) == 0)
    #expect(DType.float32.byteCount(for: try Shape([UInt64]())) == 4)
  }

  @Test func choosesFiltersByKind() {
    #expect(DType.q8Zero.defaultFilters == [.blockSplit])
    #expect(DType.q4Zero.defaultFilters == [.blockSplit])
    #expect(DType.float32.defaultFilters == [.rotateLeft1, .byteShuffle])
    #expect(DType.bfloat16.defaultFilters == [.rotateLeft1, .byteShuffle])
    #expect(DType.int64.defaultFilters == [.byteShuffle])
    #expect(DType.uint16.defaultFilters == [.byteShuffle])
    #expect(DType.int8.defaultFilters.isEmpty)
    #expect(DType.float8E4M3.defaultFilters.isEmpty)
    #expect(DType.bool.defaultFilters.isEmpty)
  }
}
