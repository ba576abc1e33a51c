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
  /// What each tool that wrote the file did, oldest first.
  public var history: [HistoryEntry]
  /// The tensors, in the order their chunks appear in the file.
  public var tensors: [TensorEntry]

  /// Creates a manifest.
  public init(
    formatVersion: FormatVersion = .current,
    metadata: [String: String] = [:],
    history: [HistoryEntry] = [],
    tensors: [TensorEntry] = []
  ) {
    self.formatVersion = formatVersion
    self.metadata = metadata
    self.history = history
    self.tensors = tensors
  }

  /// The entry named `name`, if any.
  public func tensor(named name: String) -> TensorEntry? {
    tensors.first { $0.name == name }
  }
}
