/// The JSON table of contents at the end of a `.wpk` file.
///
/// It holds everything but the tensor data: the format version, free-form metadata, the
/// history of tools that wrote the file, and one `TensorEntry` per tensor, in file order.
/// Decoding is in `Manifest+JSON.swift`; the checks a reader runs are in
/// `Manifest+Validation.swift`.
public struct Manifest: Sendable, Hashable {
  /// The format version the manifest was written for; it must match the preamble's.
  public var formatVersion: FormatVersion
  /// Free-form string metadata; written sorted by key.
  public var metadata: [String: String]
  /// Typed metadata (integers, floats, Booleans, strings, arrays), in the source's order.
  ///
  /// Keys are unique. Stored under `typed_metadata` from format 1.1 on.
  public var typedMetadata: [TypedMetadataEntry]
  /// What each tool that wrote the file did, oldest first.
  public var history: [HistoryEntry]
  /// The tensors, in the order their chunks appear in the file.
  public var tensors: [TensorEntry]

  /// Creates a manifest.
  public init(
    formatVersion: FormatVersion = .current,
    metadata: [String: String] = [:],
    typedMetadata: [TypedMetadataEntry] = [],
    history: [HistoryEntry] = [],
    tensors: [TensorEntry] = []
  ) {
    self.formatVersion = formatVersion
    self.metadata = metadata
    self.typedMetadata = typedMetadata
    self.history = history
    self.tensors = tensors
  }

  /// The lowest format version that describes this manifest's content: 1.1 if it uses a
  /// block dtype, the `block-split` filter or typed metadata, else 1.0.
  public var requiredVersion: FormatVersion {
    requiredFeature?.version ?? .original
  }

  /// The newest feature the manifest uses and the version that introduced it, or `nil` when
  /// it uses only 1.0 features.
  var requiredFeature: (name: String, version: FormatVersion)? {
    var newest: (name: String, version: FormatVersion)?
    func consider(_ name: String, _ version: FormatVersion) {
      if version > (newest?.version ?? .original) { newest = (name, version) }
    }
    if !typedMetadata.isEmpty { consider("typed_metadata", .withBlockTypes) }
    for tensor in tensors {
      consider("dtype \(tensor.dtype.rawValue)", tensor.dtype.traits.introducedIn)
      for filter in tensor.filters { consider("filter \(filter.rawValue)", filter.introducedIn) }
    }
    return newest
  }

  /// The entry named `name`, if any.
  public func tensor(named name: String) -> TensorEntry? {
    tensors.first { $0.name == name }
  }
}
