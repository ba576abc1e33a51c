/// A source that reads another and changes part of what it shows (its tensors, their bytes or
/// the metadata); what it does not change comes from `base`.
public protocol WrappingSource: TensorSource {
  /// The source being read.
  var base: any TensorSource { get }
}

extension WrappingSource {
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
}
