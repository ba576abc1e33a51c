import Foundation

/// A temporary file in the system's temporary directory, written once and then mapped; it is
/// deleted when released (or as soon as it is mapped; the mapping outlives the name).
///
/// Not `Sendable`: one owner writes.
final class ScratchFile {
  /// The file's path.
  let path: String
  private let handle: FileHandle
  /// The bytes written so far.
  private(set) var byteCount: UInt64 = 0

  /// Creates an empty file with a unique name.
  ///
  /// - Throws: `WeightPackError` of kind `.systemCallFailed` if it cannot be created.
  init() throws {
    let path = FileManager.default.temporaryDirectory.path + "/wpk-scratch-" + UUID().uuidString
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else {
      throw WeightPackError(.systemCallFailed(call: "open", code: EIO), path: path)
    }
    self.path = path
    self.handle = handle
  }

  deinit {
    try? handle.close()
    try? FileManager.default.removeItem(atPath: path)
  }

  /// Appends `bytes`.
  ///
  /// - Throws: `WeightPackError` of kind `.systemCallFailed` if the write fails.
  func write(_ bytes: [UInt8]) throws {
    do {
      try handle.write(contentsOf: bytes)
    } catch {
      throw WeightPackError(
        .systemCallFailed(call: "write", code: EIO), path: path, underlying: "\(error)")
    }
    byteCount += UInt64(bytes.count)
  }

  /// Maps the first `count` bytes read-only and deletes the file's name.
  ///
  /// - Throws: `WeightPackError` of kind `.truncated` or `.systemCallFailed`.
  func mapped(count: Int) throws -> Data {
    let file = try SystemFile(readingAt: path)
    let data = try file.mapped(count: count, at: 0)
    try? FileManager.default.removeItem(atPath: path)
    return data
  }
}
