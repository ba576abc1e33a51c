/// A sharded safetensors checkpoint, opened through its index file
/// (`model.safetensors.index.json`), read as one model.
///
/// The index is the common Hugging Face convention:
/// `{"metadata": {...}, "weight_map": {"<tensor>": "<shard file>", ...}}`, with shard paths
/// relative to the index's directory. Opening validates the index and every shard's header,
/// and checks that the two agree: each tensor of a shard is mapped to that shard, and each
/// mapped tensor is in its shard. Tensors are listed shard by shard (shards in name order),
/// each shard's in file order; the metadata is the union of the shards' `__metadata__`
/// (the first shard's value wins where they differ). The index's own `metadata` (such as
/// `total_size`) describes the checkpoint's layout and is not carried over.
public final class SafetensorsIndexSource: TensorSource {
  /// The index file's path.
  public let path: String
  /// Every tensor of every shard.
  public let tensors: [TensorDescriptor]
  /// The shards' metadata, merged.
  public let metadata: [String: String]
  private let shards: [SafetensorsSource]
  private let locations: [(shard: Int, index: Int)]

  /// The longest index file accepted, in bytes.
  static let maximumIndexByteCount: UInt64 = 100_000_000

  /// Opens an index file and every shard it names.
  ///
  /// - Parameters:
  ///   - path: The index file.
  ///   - options: Read limits, applied to every shard.
  /// - Throws: `WeightPackError` of kind `.malformedHeader` (format `safetensors index`) for
  ///   a bad index, `.unsafeShardPath` for a shard path that leaves the index's directory,
  ///   `.duplicateTensorName`, or any error a shard's header gives, naming that shard.
  public init(path: String, options: ReadOptions = ReadOptions()) throws {
    let file = try SystemFile(readingAt: path)
    let weightMap = try withContext(path: path) { try Self.readWeightMap(file) }
    let directory = parentDirectory(of: path)
    let shardNames = Array(Set(weightMap.map(\.shard))).sorted()
    var shards: [SafetensorsSource] = []
    var tensors: [TensorDescriptor] = []
    var locations: [(shard: Int, index: Int)] = []
    var metadata: [String: String] = [:]
    var owner: [String: String] = Dictionary(
      weightMap.map { ($0.tensor, $0.shard) }, uniquingKeysWith: { first, _ in first })
    for name in shardNames {
      let shard = try SafetensorsSource(path: directory + "/" + name, options: options)
      for (index, tensor) in shard.tensors.enumerated() {
        guard owner[tensor.name] == name else {
          throw WeightPackError(
            .malformedHeader(
              format: "safetensors index",
              reason: "shard '\(name)' holds tensor '\(escaped(tensor.name))', which the "
                + "weight map " + (owner[tensor.name].map { "puts in '\($0)'" } ?? "lacks")),
            path: path, tensor: tensor.name)
        }
        owner[tensor.name] = nil
        tensors.append(tensor)
        locations.append((shards.count, index))
      }
      metadata.merge(shard.metadata) { first, _ in first }
      shards.append(shard)
    }
    if let (tensor, shard) = owner.min(by: { $0.key < $1.key }) {
      throw WeightPackError(
        .malformedHeader(
          format: "safetensors index",
          reason: "the weight map puts tensor '\(escaped(tensor))' in '\(shard)', which lacks it"
        ), path: path, tensor: tensor)
    }
    self.path = path
    self.tensors = tensors
    self.metadata = metadata
    self.shards = shards
    self.locations = locations
  }

  /// `safetensors-index`.
  public var formatName: String { "safetensors-index" }
  /// Always empty: safetensors files carry no history.
  public var history: [HistoryEntry] { [] }

  /// Streams one tensor's bytes from its shard, in pieces of at most 1 MiB.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    let location = locations[index]
    try shards[location.shard].readTensor(at: location.index, body)
  }

  // MARK: - The index file

  /// The weight map's entries, in file order, with each shard path checked.
  private static func readWeightMap(_ file: SystemFile) throws -> [(tensor: String, shard: String)]
  {
    guard file.size <= maximumIndexByteCount else {
      throw malformed("index is \(file.size) bytes, limit is \(maximumIndexByteCount)")
    }
    let text = try file.read(count: Int(file.size), at: 0)
    guard String(validating: text, as: UTF8.self) != nil else {
      throw malformed("index is not valid UTF-8")
    }
    let json = try JSONParser.parse(text)
    guard case .object(let members)? = json["weight_map"] else {
      throw malformed("'weight_map' is missing or not an object")
    }
    guard !members.isEmpty else { throw malformed("'weight_map' is empty") }
    return try members.map { tensor, value in
      guard case .string(let shard) = value else {
        throw malformed("'weight_map' entry of '\(escaped(tensor))' is not a string")
      }
      try validateShardPath(shard)
      return (tensor, shard)
    }
  }

  /// A shard path must stay inside the index's directory: relative, without `..`.
  private static func validateShardPath(_ shard: String) throws {
    let components = shard.split(separator: "/", omittingEmptySubsequences: false)
    let unsafe =
      shard.isEmpty || shard.hasPrefix("/") || shard.contains("\\")
      || components.contains { $0 == ".." || $0.isEmpty }
      || shard.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    guard !unsafe else { throw WeightPackError(.unsafeShardPath(shard)) }
  }

  private static func malformed(_ reason: String) -> WeightPackError {
    WeightPackError(.malformedHeader(format: "safetensors index", reason: reason))
  }
}
