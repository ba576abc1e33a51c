/// The dimensions of a tensor, outermost first (row-major, as in NumPy).
///
/// A shape with no dimensions is a scalar (one element); a zero dimension makes the tensor
/// empty. The element count is computed with overflow checks when the shape is made, so a
/// `Shape` that exists always has a count that fits in 64 bits.
public struct Shape: Sendable, Hashable, CustomStringConvertible {
  /// The extent of each dimension, outermost first.
  public let dimensions: [UInt64]

  /// The product of the dimensions; 1 for a scalar.
  public let elementCount: UInt64

  /// Creates a shape, checking that its element count fits in 64 bits.
  ///
  /// - Throws: `WeightPackError` of kind `.sizeOverflow` if the product overflows.
  public init(_ dimensions: [UInt64]) throws {
    // Every non-zero dimension must multiply without overflow, even when another dimension
    // is zero, so a hostile shape such as [0, 2^63, 4] is refused rather than called empty.
    var product: UInt64 = 1
    for dimension in dimensions where dimension != 0 {
      let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
      if overflow { throw WeightPackError(.sizeOverflow) }
      product = next
    }
    self.dimensions = dimensions
    self.elementCount = dimensions.contains(0) ? 0 : product
  }

  /// Creates a shape from `Int` dimensions, which must not be negative.
  public init(_ dimensions: [Int]) throws {
    var converted: [UInt64] = []
    for dimension in dimensions {
      guard let value = UInt64(exactly: dimension) else {
        throw WeightPackError(.invalidDimension("\(dimension) is negative"))
      }
      converted.append(value)
    }
    try self.init(converted)
  }

  /// The number of dimensions.
  public var rank: Int { dimensions.count }

  /// The dimensions as `[2, 3]`; a scalar is `[]`.
  public var description: String {
    "[" + dimensions.map(String.init).joined(separator: ", ") + "]"
  }
}
