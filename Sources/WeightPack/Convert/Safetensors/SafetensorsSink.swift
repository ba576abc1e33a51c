/// Writes a `.safetensors` file laid out byte for byte as the reference implementation's
/// `save_file` lays it out.
///
/// safetensors puts every tensor's offsets in the header, before the data, so the sink needs
/// the whole list first: `plan(_:metadata:)` orders the tensors as the reference writer does
/// (widest dtype alignment first, then by name, so each tensor starts on a multiple of its
/// element size), writes the header (`__metadata__` first, keys sorted; spaces up to a
/// multiple of 8 bytes), and asks for the tensors in that order. Bytes then stream straight
/// to a temporary file beside the destination, which `finish` syncs and renames into place.
///
/// Typed metadata (from GGUF) joins `__metadata__` where it has a text form: strings as they
/// are, numbers and Booleans as they print; arrays and the history have no place in a
/// safetensors file and are dropped. Not `Sendable`: one owner writes.
public final class SafetensorsSink: TensorSink {
  /// The destination path.
  public let path: String
  private let file: AtomicFile
  private var planned: PlannedTensors

  /// Creates the temporary file for `path`.
  ///
  /// - Parameters:
  ///   - path: Where the file appears on `finish`.
  ///   - options: Only `overwrite` applies.
  /// - Throws: `WeightPackError` of kind `.outputExists` or `.systemCallFailed`.
  public init(path: String, options: WriteOptions = WriteOptions()) throws {
    self.path = path
    self.planned = PlannedTensors(path: path)
    self.file = try AtomicFile(path: path, overwrite: options.overwrite)
  }

  /// Orders the tensors as the reference writer does and writes the header.
  ///
  /// - Returns: The order in which `beginTensor` must receive the tensors.
  /// - Throws: `WeightPackError` of kind `.unsupportedDType` for a dtype safetensors lacks,
  ///   `.duplicateTensorName`, `.writerMisuse` if called twice, or `.systemCallFailed`.
  public func plan(
    _ tensors: [TensorDescriptor],
    metadata: [String: String],
    typedMetadata: [TypedMetadataEntry]
  ) throws -> [Int] {
    guard planned.tensors == nil else {
      throw WeightPackError(.writerMisuse("plan called twice"), path: path)
    }
    var ranks: [Int] = []
    var names = Set<String>()
    for tensor in tensors {
      guard let rank = tensor.dtype.safetensorsRank else {
        throw WeightPackError(
          .unsupportedDType(format: "safetensors", dtype: tensor.dtype.rawValue), path: path,
          tensor: tensor.name)
      }
      guard names.insert(tensor.name).inserted else {
        throw WeightPackError(.duplicateTensorName(tensor.name), path: path, tensor: tensor.name)
      }
      ranks.append(rank)
    }
    let order = tensors.indices.sorted { left, right in
      if ranks[left] != ranks[right] { return ranks[left] > ranks[right] }
      return Array(tensors[left].name.utf8).lexicographicallyPrecedes(tensors[right].name.utf8)
    }
    let ordered = order.map { tensors[$0] }
    // Every offset in the header is a partial sum of the sizes, so the total must fit.
    guard ordered.map(\.byteCount).saturatingSum() < .max else {
      throw WeightPackError(.sizeOverflow, path: path)
    }
    try file.write(Self.header(for: ordered, metadata: Self.merged(metadata, typedMetadata)))
    try planned.plan(ordered)
    return order
  }

  /// Begins the next planned tensor.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` when `plan` was not called, a
  ///   tensor is open, or `descriptor` is not the next planned tensor.
  public func beginTensor(_ descriptor: TensorDescriptor) throws {
    try planned.begin(descriptor)
  }

  /// Appends the open tensor's next bytes, little-endian, row-major.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` with no tensor open,
  ///   `.byteCountMismatch` past the tensor's size, or `.systemCallFailed`.
  public func append(_ bytes: [UInt8]) throws {
    try planned.receive(bytes.count)
    try file.write(bytes)
  }

  /// Ends the open tensor.
  ///
  /// - Throws: `WeightPackError` of kind `.byteCountMismatch` when bytes are missing, or
  ///   `.writerMisuse` with no tensor open.
  public func endTensor() throws {
    _ = try planned.end()
  }

  /// Syncs the file and renames it into place; the metadata was written by `plan`.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` when planned tensors are missing,
  ///   or `.systemCallFailed`.
  public func finish(metadata: [String: String], history: [HistoryEntry]) throws {
    try planned.checkComplete()
    try file.commit()
  }

  /// Removes the temporary file; the destination stays as it was.
  public func cancel() {
    file.discard()
  }

  /// The plain metadata, with the typed entries (from GGUF) that have a text form added.
  ///
  /// Strings go in as they are, numbers and Booleans as they print. Arrays have no place in
  /// `__metadata__` and are left out; a plain entry wins over a typed one of the same key.
  static func merged(
    _ metadata: [String: String],
    _ typedMetadata: [TypedMetadataEntry]
  ) -> [String: String] {
    var result: [String: String] = [:]
    for entry in typedMetadata {
      switch entry.value {
      case .array: continue
      case .string(let text): result[entry.key] = text
      default: result[entry.key] = entry.value.summary(maximumElementCount: 0)
      }
    }
    return result.merging(metadata) { _, plain in plain }
  }

  /// The length prefix and the JSON header, padded with spaces to a multiple of 8 bytes.
  static func header(for tensors: [TensorDescriptor], metadata: [String: String]) -> [UInt8] {
    var members: [(String, JSONValue)] = []
    if !metadata.isEmpty {
      let sorted = metadata.sorted { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }
      members.append(("__metadata__", .object(sorted.map { ($0.key, .string($0.value)) })))
    }
    var offset: UInt64 = 0
    for tensor in tensors {
      let end = offset + tensor.byteCount
      let entry: [(String, JSONValue)] = [
        ("dtype", .string(tensor.dtype.rawValue)),
        ("shape", .array(tensor.shape.dimensions.map { .number($0) })),
        ("data_offsets", .array([.number(offset), .number(end)])),
      ]
      members.append((tensor.name, .object(entry)))
      offset = end
    }
    var text = JSONWriter.compact(.object(members))
    text += [UInt8](repeating: 0x20, count: (8 - text.count % 8) % 8)
    var writer = ByteWriter()
    writer.append(UInt64(text.count))
    writer.append(text)
    return writer.bytes
  }

}
