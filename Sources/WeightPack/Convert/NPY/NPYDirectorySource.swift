/// A directory of NumPy `.npy` files opened for reading: one tensor per file.
///
/// The tree is walked recursively and files are taken in byte order of their relative paths;
/// a tensor's name is its relative path without `.npy`, with `/` turned into `.`, so
/// `encoder/layer0/w.npy` is `encoder.layer0.w`. Hidden entries and files not ending in
/// `.npy` are skipped, links to directories are not followed, and a link leaving the
/// directory is refused. Opening reads every file's header only; each file is opened again
/// when its tensor is read, so no descriptors stay open. There is no metadata or history.
public final class NPYDirectorySource: TensorSource {
  /// The directory's path.
  public let path: String
  /// The tensors, in byte order of their files' relative paths.
  public let tensors: [TensorDescriptor]
  private let filePaths: [String]
  private let headers: [NPYHeader]
  private let options: ReadOptions
  private let maximumHeaderByteCount: Int

  /// Lists the directory and reads each `.npy` file's header.
  ///
  /// - Parameters:
  ///   - path: The directory.
  ///   - options: Read limits; `maximumRank` applies (capped at 32).
  ///   - maximumHeaderByteCount: The longest header text accepted in each file, in bytes.
  /// - Throws: `WeightPackError` as `NPYSource` throws it, naming the file at fault, or
  ///   `.duplicateTensorName` when two files map to one name.
  public init(
    path: String,
    options: ReadOptions = ReadOptions(),
    maximumHeaderByteCount: Int = NPYSource.defaultMaximumHeaderByteCount
  ) throws {
    var root = path
    while root.count > 1, root.hasSuffix("/") { root.removeLast() }
    let entries = try NPYDirectoryListing.entries(in: root)
    var tensors: [TensorDescriptor] = []
    var filePaths: [String] = []
    var headers: [NPYHeader] = []
    for entry in entries {
      let filePath = root + "/" + entry.relativePath
      let source = try NPYSource(
        path: filePath, tensorName: entry.tensorName, options: options,
        maximumHeaderByteCount: maximumHeaderByteCount)
      tensors += source.tensors
      filePaths.append(filePath)
      headers.append(source.header)
    }
    self.path = root
    self.tensors = tensors
    self.filePaths = filePaths
    self.headers = headers
    self.options = options
    self.maximumHeaderByteCount = maximumHeaderByteCount
  }

  /// `npy-dir`.
  public var formatName: String { "npy-dir" }
  /// Always empty: `.npy` files have no metadata.
  public var metadata: [String: String] { [:] }
  /// Always empty: `.npy` files have no history.
  public var history: [HistoryEntry] { [] }

  /// Streams one tensor's elements, little-endian and row-major, in pieces of at most 1 MiB.
  ///
  /// - Parameters:
  ///   - index: The tensor's position in `tensors`.
  ///   - body: Called with consecutive pieces.
  /// - Throws: `WeightPackError` naming the tensor's file, and the offset of bad data; of
  ///   kind `.malformedHeader` if the file's header changed since the directory was opened.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    let name = tensors[index].name
    do {
      let source = try NPYSource(
        path: filePaths[index], tensorName: name, options: options,
        maximumHeaderByteCount: maximumHeaderByteCount)
      guard source.header == headers[index] else {
        throw WeightPackError(
          .malformedHeader(
            format: "npy", reason: "header changed since the directory was opened"),
          path: filePaths[index], offset: 0)
      }
      try source.readTensor(at: 0, body)
    } catch let error as WeightPackError {
      throw error.adding(path: filePaths[index]).adding(tensor: name)
    }
  }
}
