/// A source in which one tensor has a new shape with the same element count; its bytes are
/// unchanged (row-major order is kept, as `numpy.reshape` keeps it).
public final class ReshapedSource: WrappingSource {
  /// The source being reshaped.
  public let base: any TensorSource
  /// The base's tensors, one with its new shape.
  public let tensors: [TensorDescriptor]

  /// Gives tensor `index` the shape `dimensions`, where at most one dimension may be `nil`
  /// (inferred from the element count, as -1 is in numpy).
  ///
  /// - Throws: `WeightPackError` of kind `.invalidOption` when the element counts differ or
  ///   the inferred dimension is not whole.
  public init(_ base: any TensorSource, index: Int, dimensions: [UInt64?]) throws {
    var tensors = base.tensors
    let tensor = tensors[index]
    let known = dimensions.compactMap { $0 }
    guard dimensions.count - known.count <= 1 else {
      throw Self.invalid("only one dimension can be inferred", tensor)
    }
    let product = known.reduce(UInt64(1)) { $0.multipliedReportingOverflow(by: $1).partialValue }
    let count = tensor.shape.elementCount
    var resolved = known
    if known.count < dimensions.count {
      guard product > 0, count % product == 0 else {
        throw Self.invalid("\(count) elements do not split into rows of \(product)", tensor)
      }
      let position = dimensions.firstIndex { $0 == nil } ?? 0
      resolved.insert(count / product, at: position)
    }
    let shape = try Shape(resolved)
    guard shape.elementCount == count else {
      throw Self.invalid("\(shape) holds \(shape.elementCount) elements, not \(count)", tensor)
    }
    tensors[index] = TensorDescriptor(name: tensor.name, dtype: tensor.dtype, shape: shape)
    guard tensor.dtype.byteCount(for: shape) != nil else {
      throw Self.invalid("\(tensor.dtype.rawValue) blocks cannot span rows of \(shape)", tensor)
    }
    self.base = base
    self.tensors = tensors
  }

  /// Streams the tensor's bytes unchanged.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    try base.readTensor(at: index, body)
  }

  private static func invalid(_ reason: String, _ tensor: TensorDescriptor) -> WeightPackError {
    WeightPackError(.invalidOption(name: "reshape", reason: reason), tensor: tensor.name)
  }
}
