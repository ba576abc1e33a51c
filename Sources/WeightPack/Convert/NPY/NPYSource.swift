/// A NumPy `.npy` file opened for reading: one tensor, named after the file.
///
/// Opening reads and checks only the header (versions 1.0, 2.0 and 3.0) and that the data
/// fills the rest of the file exactly; `readTensor(at:_:)` then streams the elements in
/// pieces of at most 1 MiB, byte-swapping big-endian data and reordering Fortran-order data
/// to row-major on the way. The file carries no metadata or history.
///
/// Supported `descr` values are `f8 f4 f2 i8 i4 i2 i1 u8 u4 u2 u1 b1` with any byte-order
/// character numpy allows (`<`, `>`, `=`, `|` or none); object, structured, void, complex,
/// datetime and string arrays are refused, and nothing is ever unpickled.
public final class NPYSource: TensorSource {
  /// The default for the longest header text accepted, in bytes: 10000, numpy's default.
  public static let defaultMaximumHeaderByteCount = NPYHeader.defaultMaximumHeaderByteCount

  /// The path the file was opened from.
  public let path: String
  /// The one tensor: named after the file without its `.npy` extension.
  public let tensors: [TensorDescriptor]
  /// The parsed header.
  let header: NPYHeader
  private let file: SystemFile

  /// Opens a `.npy` file and reads its header.
  ///
  /// - Parameters:
  ///   - path: The file to open.
  ///   - options: Read limits; `maximumRank` applies (capped at 32).
  ///   - maximumHeaderByteCount: The longest header text accepted, in bytes. Headers this
  ///     long cost time to parse, so raise it only for files you trust.
  /// - Throws: `WeightPackError` of kind `.fileNotFound`, `.truncated`, `.malformedHeader`,
  ///   `.unsupportedVersion`, `.rankTooLarge`, `.invalidDimension` or `.sizeOverflow`, with
  ///   the path and the offset of the problem.
  public convenience init(
    path: String,
    options: ReadOptions = ReadOptions(),
    maximumHeaderByteCount: Int = NPYSource.defaultMaximumHeaderByteCount
  ) throws {
    try self.init(
      path: path, tensorName: Self.tensorName(forFileAt: path), options: options,
      maximumHeaderByteCount: maximumHeaderByteCount)
  }

  /// Opens a `.npy` file whose tensor is called `tensorName`.
  init(
    path: String,
    tensorName: String,
    options: ReadOptions,
    maximumHeaderByteCount: Int = NPYHeader.defaultMaximumHeaderByteCount
  ) throws {
    let file = try SystemFile(readingAt: path)
    let header = try NPYHeader.read(
      from: file, maximumHeaderByteCount: maximumHeaderByteCount,
      maximumRank: min(options.maximumRank, NPYHeader.maximumRank))
    self.path = path
    self.file = file
    self.header = header
    self.tensors = [TensorDescriptor(name: tensorName, dtype: header.dtype, shape: header.shape)]
  }

  /// `npy`.
  public var formatName: String { "npy" }
  /// Always empty: `.npy` files have no metadata.
  public var metadata: [String: String] { [:] }
  /// Always empty: `.npy` files have no history.
  public var history: [HistoryEntry] { [] }

  /// Streams the array's elements, little-endian and row-major, in pieces of at most 1 MiB.
  ///
  /// - Parameters:
  ///   - index: Must be 0.
  ///   - body: Called with consecutive pieces.
  /// - Throws: `WeightPackError` of kind `.truncated` with path, tensor and offset if the
  ///   file shrank since it was opened, or what `body` throws.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    precondition(index == 0, "an npy file holds one tensor, index \(index) is out of range")
    do {
      try NPYDataStream(header: header, path: path).stream(from: file, body)
    } catch let error as WeightPackError {
      throw error.adding(path: path).adding(tensor: tensors[0].name)
    }
  }

  /// The summary, with the file's format version (`1.0`, `2.0` or `3.0`).
  public func summary() -> FileSummary {
    let tensor = tensors[0]
    return FileSummary(
      format: formatName, version: header.versionDescription, metadata: [:], history: [],
      tensors: [
        TensorSummary(
          name: tensor.name, dtype: tensor.dtype, shape: tensor.shape,
          byteCount: header.dataByteCount, storedByteCount: header.dataByteCount,
          codec: "raw", chunkCount: 1)
      ])
  }

  /// The file's name without its directory and `.npy` extension (`w` for `a/w.npy`).
  static func tensorName(forFileAt path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard name.lowercased().hasSuffix(".npy"), name.count > 4 else { return name }
    return String(name.dropLast(4))
  }
}
