import Testing

@testable import WeightPack

@Suite struct ShapeTests {
  @Test func countsElements() throws {
    #expect(try Shape([2, 3, 4] as [UInt64]).elementCount == 24)
    #expect(try Shape([] as [UInt64]).elementCount == 1)
    #expect(try Shape([] as [UInt64]).rank == 0)
    #expect(try Shape([5, 0, 7] as [UInt64]).elementCount == 0)
    #expect(try Shape([UInt64.max]).elementCount == .max)
  }

  @Test(arguments: [
    [UInt64(1) << 32, UInt64(1) << 32],
    [0, UInt64(1) << 63, 4],
    [UInt64.max, 2, 0],
    [3, UInt64.max / 2],
  ])
  func refusesOverflow(_ dimensions: [UInt64]) {
    let error = #expect(throws: WeightPackError.self) { _ = try Shape(dimensions) }
    #expect(error?.kind == .sizeOverflow)
  }

  @Test func refusesNegativeIntDimensions() {
    let error = #expect(throws: WeightPackError.self) { _ = try Shape([2, -1] as [Int]) }
    #expect(error?.kind == .invalidDimension("-1 is negative"))
  }

  @Test func describesItself() throws {
    #expect(try Shape([2, 3] as [UInt64]).description == "[2, 3]")
    #expect(try Shape([] as [UInt64]).description == "[]")
  }
}
