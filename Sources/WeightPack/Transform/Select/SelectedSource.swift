/// A source that shows only some tensors of another, in the base's order.
public final class SelectedSource: WrappingSource {
  /// The source being filtered.
  public let base: any TensorSource
  /// The selected tensors.
  public let tensors: [TensorDescriptor]
  private let indices: [Int]

  /// Keeps the tensors named in `names`.
  ///
  /// - Throws: `WeightPackError` of kind `.tensorNotFound` for a name the base lacks.
  public init(_ base: any TensorSource, names: [String]) throws {
    let present = Set(base.tensors.map(\.name))
    if let missing = names.first(where: { !present.contains($0) }) {
      throw WeightPackError(.tensorNotFound(missing), path: base.path)
    }
    let wanted = Set(names)
    let indices = base.tensors.indices.filter { wanted.contains(base.tensors[$0].name) }
    self.base = base
    self.indices = indices
    self.tensors = indices.map { base.tensors[$0] }
  }

  /// Streams the selected tensor.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    try base.readTensor(at: indices[index], body)
  }
}
