import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The directory is built under a temporary name beside the target, `.<name>.tmp-<pid>-<n>`,
// each file synced as it is finished; `finish` then renames it into place. Replacing an
// existing directory takes two renames (old out of the way, new in), so for an instant the
// target is absent, but never incomplete; the old tree is deleted only after the new one is
// in place. Because replacing deletes a whole tree, only a directory that holds nothing but
// `.npy` files and folders of them is replaced, never an arbitrary one.

/// Writes each tensor as `<name>.npy` in a directory, byte for byte as `np.save` would.
///
/// A name becomes a file name unchanged (`a.b.c` becomes `a.b.c.npy`, which reads back as
/// `a.b.c`), so names that are unsafe as file names are refused: empty, `.` or `..`, starting
/// with `.` (hidden, and skipped by the reader), containing `/` or NUL, or longer than 251
/// bytes in UTF-8 (255 with `.npy`). BF16 is refused, as in `NPYSink`; metadata and history
/// are dropped. Nothing appears at the path until `finish` succeeds. Not `Sendable`.
public final class NPYDirectorySink: TensorSink {
  /// The destination directory.
  public let path: String
  /// The directory being built, beside `path`.
  let temporaryPath: String
  private let overwrite: Bool
  private var current: NPYSink?
  private var names: Set<String> = []
  private var isFinished = false

  /// Creates the temporary directory beside `path`.
  ///
  /// - Parameters:
  ///   - path: Where the directory appears on `finish`.
  ///   - options: Only `overwrite` applies.
  /// - Throws: `WeightPackError` of kind `.outputExists` (also when the existing directory
  ///   holds anything but `.npy` files) or `.systemCallFailed`.
  public init(path: String, options: WriteOptions = WriteOptions()) throws {
    var target = path
    while target.count > 1, target.hasSuffix("/") { target.removeLast() }
    self.path = target
    self.overwrite = options.overwrite
    try Self.checkReplaceable(target, overwrite: options.overwrite)
    self.temporaryPath = try Self.makeTemporaryDirectory(beside: target)
  }

  deinit {
    if !isFinished { cancel() }
  }

  /// Begins `<name>.npy` in the temporary directory and writes its header.
  ///
  /// - Throws: `WeightPackError` of kind `.unsafeName`, `.duplicateTensorName`,
  ///   `.unsupportedDType` (BF16), `.writerMisuse` or `.systemCallFailed`.
  public func beginTensor(_ descriptor: TensorDescriptor) throws {
    guard current == nil else {
      throw WeightPackError(
        .writerMisuse("beginTensor while another tensor is still open"), path: path)
    }
    try Self.checkFileName(descriptor.name)
    guard names.insert(descriptor.name).inserted else {
      throw WeightPackError(.duplicateTensorName(descriptor.name), path: path)
    }
    let sink = try NPYSink(path: temporaryPath + "/" + descriptor.name + ".npy")
    do {
      try sink.beginTensor(descriptor)
    } catch {
      sink.cancel()
      throw error
    }
    current = sink
  }

  /// Appends the open tensor's next bytes (little-endian, row-major).
  ///
  /// - Throws: What `NPYSink.append(_:)` throws, or `.writerMisuse` with no tensor open.
  public func append(_ bytes: [UInt8]) throws {
    guard let current else {
      throw WeightPackError(.writerMisuse("append with no tensor begun"), path: path)
    }
    try current.append(bytes)
  }

  /// Ends the open tensor, syncing its file.
  ///
  /// - Throws: What `NPYSink.endTensor()` throws, or `.systemCallFailed`.
  public func endTensor() throws {
    guard let sink = current else {
      throw WeightPackError(.writerMisuse("endTensor with no tensor begun"), path: path)
    }
    try sink.endTensor()
    try sink.finish(metadata: [:], history: [])
    current = nil
  }

  /// Moves the finished directory into place; `metadata` and `history` are dropped.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` while a tensor is open,
  ///   `.outputExists` if the target appeared meanwhile, or `.systemCallFailed`.
  public func finish(metadata: [String: String], history: [HistoryEntry]) throws {
    guard current == nil else {
      throw WeightPackError(.writerMisuse("finish while a tensor is still open"), path: path)
    }
    syncDirectory(temporaryPath)
    try Self.checkReplaceable(path, overwrite: overwrite)
    if pathExists(path) {
      try replace()
    } else {
      guard rename(temporaryPath, path) == 0 else { throw systemError("rename", path: path) }
    }
    isFinished = true
    syncDirectory(parentDirectory(of: path))
  }

  /// Removes the temporary directory; the destination stays as it was.
  public func cancel() {
    guard !isFinished else { return }
    current?.cancel()
    current = nil
    try? FileManager.default.removeItem(atPath: temporaryPath)
    isFinished = true
  }

  // MARK: - Steps

  private func replace() throws {
    let old = try Self.unusedName(beside: path, tag: "old")
    guard rename(path, old) == 0 else { throw systemError("rename", path: path) }
    guard rename(temporaryPath, path) == 0 else {
      let error = systemError("rename", path: path)
      rename(old, path)
      throw error
    }
    try? FileManager.default.removeItem(atPath: old)
  }

  /// Throws `.unsafeName` unless `name` can be used as a file name (see the type's summary).
  static func checkFileName(_ name: String) throws {
    let isSafe =
      !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0")
      && name.utf8.count <= 251
    guard isSafe else { throw WeightPackError(.unsafeName(name)) }
  }

  /// Throws `.outputExists` if `path` exists and may not, or cannot safely, be replaced.
  private static func checkReplaceable(_ path: String, overwrite: Bool) throws {
    guard pathExists(path) else { return }
    guard overwrite else { throw WeightPackError(.outputExists, path: path) }
    if let reason = reasonNotReplaceable(path) {
      throw WeightPackError(.outputExists, path: path, underlying: reason)
    }
  }

  /// Why the tree at `path` is not only `.npy` files and folders, or `nil` if it is.
  private static func reasonNotReplaceable(_ path: String) -> String? {
    guard NPYDirectoryListing.fileType(atPath: path) == S_IFDIR else {
      return "not a directory, so not replaced by one"
    }
    var pending = [path]
    while let directory = pending.popLast() {
      guard let names = try? NPYDirectoryListing.contents(of: directory) else {
        return "'\(directory)' cannot be listed"
      }
      for name in names {
        let entry = directory + "/" + name
        switch NPYDirectoryListing.fileType(atPath: entry) {
        case S_IFDIR: pending.append(entry)
        case S_IFREG where name.hasSuffix(".npy"): continue
        default: return "'\(entry)' is not a .npy file, so the directory is kept"
        }
      }
    }
    return nil
  }

  private static func makeTemporaryDirectory(beside path: String) throws -> String {
    var attempt = 0
    while true {
      let candidate = temporaryName(beside: path, tag: "tmp", attempt: attempt)
      if mkdir(candidate, 0o755) == 0 { return candidate }
      if errno != EEXIST || attempt > 1000 { throw systemError("mkdir", path: candidate) }
      attempt += 1
    }
  }

  private static func unusedName(beside path: String, tag: String) throws -> String {
    for attempt in 0...1000 {
      let candidate = temporaryName(beside: path, tag: tag, attempt: attempt)
      if !pathExists(candidate) { return candidate }
    }
    throw WeightPackError(.systemCallFailed(call: "rename", code: EEXIST), path: path)
  }

  private static func temporaryName(beside path: String, tag: String, attempt: Int) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? "out"
    return "\(parentDirectory(of: path))/.\(base).\(tag)-\(getpid())-\(attempt)"
  }
}
