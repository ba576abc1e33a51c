import Testing

@testable import WeightPack

@Suite struct DTypeTests {
  @Test func hasTheDocumentedWidths() {
    let widths: [DType: Int] = [
      .float64: 8, .float32: 4, .float16: 2, .bfloat16: 2, .float8E4M3: 1, .float8E5M2: 1,
      .int64: 8, .int32: 4, .int16: 2, .int8: 1, .uint64: 8, .uint32: 4, .uint16: 2, .uint8: 1,
      .bool: 1,
    ]
    #expect(Set(widths.keys) == Set(DType.allCases))
    for dtype in DType.allCases {
      #expect(dtype.unitByteCount == widths[dtype])
      #expect(dtype.byteCount(forElementCount: 10) == UInt64(10 * (widths[dtype] ?? 0)))
    }
  }

  @Test func spellsNamesAsInFiles() {
    #expect(
      DType.allCases.map(\.rawValue) == [
        "F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2", "I64", "I32", "I16", "I8", "U64",
        "U32", "U16", "U8", "BOOL",
      ])
    #expect(DType(rawValue: "f32") == nil)
  }

  @Test func refusesOverflowingByteCounts() {
    #expect(DType.float32.byteCount(forElementCount: UInt64(1) << 62) == nil)
    #expect(DType.float32.byteCount(forElementCount: (UInt64(1) << 62) - 1) == UInt64.max - 3)
    #expect(DType.uint8.byteCount(forElementCount: .max) == .max)
    #expect(DType.float64.byteCount(forElementCount: 0) == 0)
  }

  @Test func choosesFiltersByKind() {
    #expect(DType.float32.defaultFilters == [.rotateLeft1, .byteShuffle])
    #expect(DType.bfloat16.defaultFilters == [.rotateLeft1, .byteShuffle])
    #expect(DType.int64.defaultFilters == [.byteShuffle])
    #expect(DType.uint16.defaultFilters == [.byteShuffle])
    #expect(DType.int8.defaultFilters.isEmpty)
    #expect(DType.float8E4M3.defaultFilters.isEmpty)
    #expect(DType.bool.defaultFilters.isEmpty)
  }
}
