/// Writes a GGUF version 3 file that gguf-py's `GGUFReader` and ggml read.
///
/// GGUF puts every tensor's record before the data, so the sink needs the whole plan up
/// front: `plan(_:metadata:typedMetadata:)` (which `Converter` calls) writes the
/// header, then each tensor's bytes are streamed in order and padded with zeros to the
/// alignment. The file is written beside `path` and renamed into place by `finish`.
///
/// Metadata: the typed metadata in its order, then each free-form (string) metadata entry
/// whose key is not already there, as a GGUF string, sorted by key. GGUF requires
/// `general.architecture`; when the metadata has none, `general.architecture = "unknown"` is
/// written first (a converter cannot guess a model's architecture; llama.cpp refuses to run
/// such a file until a real one is set, for example with gguf-py's `gguf_new_metadata`).
/// The alignment is `general.alignment` when present (it must be a `u32` power of two),
/// else 32. History is dropped: GGUF has nowhere to keep it.
///
/// Unsigned integer and `BOOL` tensors are refused (GGUF has no such types), as are shapes
/// of more than 4 dimensions and names longer than 63 bytes. Not `Sendable`: one owner
/// writes.
public final class GGUFSink: TensorSink {
  /// The architecture written when the metadata names none.
  public static let unknownArchitecture = "unknown"

  /// The destination path.
  public let path: String
  private let file: AtomicFile
  private var planned: PlannedTensors
  private var alignment = GGUFHeader.defaultAlignment

  /// Creates the temporary file for `path`.
  ///
  /// - Parameters:
  ///   - path: Where the `.gguf` file appears on `finish`.
  ///   - options: Only `overwrite` applies.
  /// - Throws: `WeightPackError` of kind `.outputExists` or `.systemCallFailed`.
  public init(path: String, options: WriteOptions = WriteOptions()) throws {
    self.path = path
    self.planned = PlannedTensors(path: path)
    self.file = try AtomicFile(path: path, overwrite: options.overwrite)
  }

  /// Writes the header: metadata and every tensor's record.
  ///
  /// - Throws: `WeightPackError` of kind `.unsupportedDType`, `.rankTooLarge`,
  ///   `.invalidTensorName`, `.invalidMetadataValue` (a bad `general.alignment`),
  ///   `.duplicateMetadataKey` or `.writerMisuse`, with the path and tensor.
  public func plan(
    _ tensors: [TensorDescriptor],
    metadata: [String: String],
    typedMetadata: [TypedMetadataEntry]
  ) throws -> [Int] {
    guard planned.tensors == nil else { throw misuse("plan called twice") }
    let entries = try withContext(path: path) {
      try Self.metadataEntries(typed: typedMetadata, plain: metadata)
    }
    alignment = try withContext(path: path) { try Self.alignment(of: entries) }
    var records: [(descriptor: TensorDescriptor, typeNumber: UInt32, offset: UInt64)] = []
    var offset: UInt64 = 0
    for tensor in tensors {
      let typeNumber = try withContext(path: path) { try Self.typeNumber(of: tensor) }
      records.append((tensor, typeNumber, offset))
      let (next, overflow) = offset.addingReportingOverflow(padded(tensor.byteCount))
      guard !overflow else { throw WeightPackError(.sizeOverflow, path: path) }
      offset = next
    }
    try file.write(GGUFHeader.encoded(metadata: entries, tensors: records, alignment: alignment))
    try planned.plan(tensors)
    return Array(tensors.indices)
  }

  /// Begins the next tensor, which must be the next one `plan` announced.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse`.
  public func beginTensor(_ descriptor: TensorDescriptor) throws {
    try planned.begin(descriptor)
  }

  /// Appends the open tensor's next bytes, little-endian, row-major.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse`, `.byteCountMismatch` or
  ///   `.systemCallFailed`.
  public func append(_ bytes: [UInt8]) throws {
    try planned.receive(bytes.count)
    try file.write(bytes)
  }

  /// Ends the tensor and pads the file to the alignment.
  ///
  /// - Throws: `WeightPackError` of kind `.byteCountMismatch` or `.writerMisuse`.
  public func endTensor() throws {
    let tensor = try planned.end()
    let padding = padded(tensor.byteCount) - tensor.byteCount
    try file.write([UInt8](repeating: 0, count: Int(padding)))
  }

  /// Syncs the file and renames it into place; `metadata` (written by `plan`) and
  /// `history` are not used.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` if tensors are missing or open,
  ///   or `.systemCallFailed`.
  public func finish(metadata: [String: String], history: [HistoryEntry]) throws {
    try planned.checkComplete()
    try file.commit()
  }

  /// Removes the temporary file; the destination stays as it was.
  public func cancel() {
    file.discard()
  }

  /// `byteCount` rounded up to the alignment; `UInt64.max` where that overflows, which the
  /// offset sum in `plan` then refuses.
  private func padded(_ byteCount: UInt64) -> UInt64 {
    let (sum, overflow) = byteCount.addingReportingOverflow(alignment - 1)
    return overflow ? .max : sum / alignment * alignment
  }

  private func misuse(_ detail: String) -> WeightPackError {
    WeightPackError(.writerMisuse(detail), path: path)
  }

  // MARK: - Header contents

  /// The metadata written: `general.architecture` if missing, typed, then plain strings.
  static func metadataEntries(
    typed: [TypedMetadataEntry],
    plain: [String: String]
  ) throws -> [TypedMetadataEntry] {
    var keys = Set<String>()
    for entry in typed where !keys.insert(entry.key).inserted {
      throw WeightPackError(.duplicateMetadataKey(entry.key))
    }
    var entries = typed
    for key in plain.keys.sorted() where !keys.contains(key) {
      entries.append(TypedMetadataEntry(key: key, value: .string(plain[key] ?? "")))
      keys.insert(key)
    }
    if !keys.contains("general.architecture") {
      entries.insert(
        TypedMetadataEntry(key: "general.architecture", value: .string(unknownArchitecture)),
        at: 0)
    }
    return entries
  }

  private static func alignment(of entries: [TypedMetadataEntry]) throws -> UInt64 {
    guard let entry = entries.first(where: { $0.key == "general.alignment" }) else {
      return GGUFHeader.defaultAlignment
    }
    guard case .uint32(let value) = entry.value, value != 0, value & (value - 1) == 0 else {
      throw WeightPackError(
        .invalidMetadataValue(
          key: entry.key, value: entry.value.typedDescription, expected: "a u32 power of two"))
    }
    return UInt64(value)
  }

  private static func typeNumber(of tensor: TensorDescriptor) throws -> UInt32 {
    guard let number = GGUFTensorType.number(for: tensor.dtype) else {
      throw WeightPackError(
        .unsupportedDType(format: "gguf", dtype: tensor.dtype.rawValue), tensor: tensor.name)
    }
    guard tensor.shape.rank <= GGUFHeader.maximumRank else {
      throw WeightPackError(
        .rankTooLarge(rank: tensor.shape.rank, limit: GGUFHeader.maximumRank),
        tensor: tensor.name)
    }
    let byteCount = tensor.name.utf8.count
    guard byteCount <= GGUFHeader.maximumNameByteCount else {
      throw WeightPackError(
        .invalidTensorName(
          "\(byteCount) bytes long, GGUF's limit is \(GGUFHeader.maximumNameByteCount)"),
        tensor: tensor.name)
    }
    return number
  }
}
