/// A source that shows only some tensors of another, in the base's order.
public final class SelectedSource: TensorSource {
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

  /// The base's path.
  public var path: String { base.path }
  /// The base's format name.
  public var formatName: String { base.formatName }
  /// The base's metadata.
  public var metadata: [String: String] { base.metadata }
  /// The base's typed metadata.
  public var typedMetadata: [TypedMetadataEntry] { base.typedMetadata }
  /// The base's history.
  public var history: [HistoryEntry] { base.history }

  /// Streams the selected tensor.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    try base.readTensor(at: indices[index], body)
  }
}
