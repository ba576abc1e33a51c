/// A `.safetensors` file opened for reading.
///
/// Opening reads and validates only the header (see `SafetensorsHeader`): the tensors' bytes
/// must tile the rest of the file exactly. `readTensor(at:_:)` maps one tensor's bytes and
/// hands them on in pieces of at most 1 MiB, so the file is never loaded whole. Tensors are
/// listed in the order of their bytes in the file; `__metadata__` becomes the metadata.
///
/// As with any memory map, a file truncated by another process while a tensor is being read
/// can stop the process; files are expected not to change while they are read.
public final class SafetensorsSource: TensorSource {
  /// The path the file was opened from.
  public let path: String
  /// The tensors, in the order of their bytes in the file.
  public let tensors: [TensorDescriptor]
  /// The file's `__metadata__`; empty when it has none.
  public let metadata: [String: String]
  /// The validated header.
  let header: SafetensorsHeader
  private let file: SystemFile

  /// The default for the longest header accepted, in bytes: 100 MB, the reference
  /// implementation's limit.
  public static let defaultMaximumHeaderByteCount = SafetensorsHeader.defaultMaximumHeaderByteCount

  /// The largest piece `readTensor(at:_:)` hands on, in bytes.
  static let pieceByteCount = 1 << 20

  /// Opens a `.safetensors` file and validates its header.
  ///
  /// - Parameters:
  ///   - path: The file to open.
  ///   - options: Read limits; `maximumRank` applies.
  ///   - maximumHeaderByteCount: The longest header accepted, in bytes; 100 MB by default,
  ///     as in the reference implementation.
  /// - Throws: `WeightPackError` of kind `.fileNotFound`, `.truncated`, `.malformedHeader`,
  ///   `.invalidJSON`, `.invalidTensorName`, `.rankTooLarge` or `.sizeOverflow`, with the
  ///   path, the tensor and the offset of the problem.
  public init(
    path: String,
    options: ReadOptions = ReadOptions(),
    maximumHeaderByteCount: UInt64 = SafetensorsSource.defaultMaximumHeaderByteCount
  ) throws {
    let file = try SystemFile(readingAt: path)
    let header = try withContext(path: path) {
      try SafetensorsHeader.read(
        from: file, maximumHeaderByteCount: maximumHeaderByteCount,
        maximumRank: options.maximumRank)
    }
    self.path = path
    self.file = file
    self.header = header
    self.tensors = header.entries.map(\.descriptor)
    self.metadata = header.metadata
  }

  /// `safetensors`.
  public var formatName: String { "safetensors" }
  /// Always empty: safetensors files carry no history.
  public var history: [HistoryEntry] { [] }

  /// Streams one tensor's bytes (little-endian, row-major) in pieces of at most 1 MiB.
  ///
  /// - Throws: `WeightPackError` of kind `.truncated` with path, tensor and offset if the
  ///   file shrank since it was opened, `.systemCallFailed` if it cannot be mapped, or what
  ///   `body` throws.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    let entry = header.entries[index]
    let byteCount = Int(entry.descriptor.byteCount)
    guard byteCount > 0 else { return }
    do {
      let map = try file.mapped(count: byteCount, at: entry.offset)
      var start = 0
      while start < byteCount {
        let end = min(byteCount, start + Self.pieceByteCount)
        try body([UInt8](map[start..<end]))
        start = end
      }
    } catch let error as WeightPackError {
      throw error.adding(path: path).adding(tensor: entry.descriptor.name)
    }
  }
}
