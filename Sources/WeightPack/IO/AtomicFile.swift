#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An output file written beside its destination under a temporary name, then synced and
/// renamed over it, so no reader ever sees it half-written.
///
/// Until `commit()` succeeds the destination is untouched; `discard()` (or releasing the
/// object without committing) removes the temporary file. Not `Sendable`: one owner writes.
final class AtomicFile {
  /// The destination path.
  let path: String
  /// The temporary file's path, in the destination's directory.
  let temporaryPath: String
  /// The number of bytes written so far.
  private(set) var byteCount: UInt64 = 0
  private var descriptor: Int32
  private var isFinished = false
  private let overwrite: Bool

  /// Creates the temporary file for `path`.
  ///
  /// - Parameters:
  ///   - path: Where the file will appear on `commit()`.
  ///   - overwrite: Whether an existing file at `path` may be replaced.
  /// - Throws: `WeightPackError` of kind `.outputExists` or `.systemCallFailed`.
  init(path: String, overwrite: Bool) throws {
    if !overwrite, pathExists(path) {
      throw WeightPackError(.outputExists, path: path)
    }
    let directory = parentDirectory(of: path)
    let base = String(path.split(separator: "/").last ?? "out")
    var attempt = 0
    while true {
      let candidate = "\(directory)/.\(base).tmp-\(getpid())-\(attempt)"
      let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if fd >= 0 {
        self.descriptor = fd
        self.temporaryPath = candidate
        break
      }
      if errno != EEXIST || attempt > 1000 { throw systemError("open", path: candidate) }
      attempt += 1
    }
    self.path = path
    self.overwrite = overwrite
  }

  deinit {
    if !isFinished { discard() }
  }

  /// Appends bytes at the end of the file.
  func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { buffer in
      var done = 0
      while done < buffer.count {
        // Safe because the pointer and count stay inside `buffer`.
        let result = Glibc.write(
          descriptor, buffer.baseAddress?.advanced(by: done),
          buffer.count - done)
        if result < 0 {
          if errno == EINTR { continue }
          throw systemError("write", path: temporaryPath)
        }
        done += result
      }
    }
    byteCount += UInt64(bytes.count)
  }

  /// Overwrites bytes already written, at `offset` (bytes from the start of the file),
  /// without moving the end of the file.
  ///
  /// - Throws: `WeightPackError` of kind `.systemCallFailed` when the write fails.
  func write(_ bytes: [UInt8], at offset: UInt64) throws {
    precondition(offset + UInt64(bytes.count) <= byteCount, "positioned write past the end")
    try bytes.withUnsafeBytes { buffer in
      var done = 0
      while done < buffer.count {
        // Safe because the pointer and count stay inside `buffer`.
        let result = pwrite(
          descriptor, buffer.baseAddress?.advanced(by: done), buffer.count - done,
          off_t(offset) + off_t(done))
        if result < 0 {
          if errno == EINTR { continue }
          throw systemError("pwrite", path: temporaryPath)
        }
        done += result
      }
    }
  }

  /// Syncs the file to disk and moves it to `path`: replacing what is there when `overwrite`
  /// was given, and otherwise failing with `.outputExists` if a file appeared there since.
  func commit() throws {
    precondition(!isFinished, "AtomicFile committed twice")
    guard fsync(descriptor) == 0 else { throw systemError("fsync", path: temporaryPath) }
    guard close(descriptor) == 0 else { throw systemError("close", path: temporaryPath) }
    descriptor = -1
    if overwrite {
      guard rename(temporaryPath, path) == 0 else { throw systemError("rename", path: path) }
    } else {
      try placeWithoutReplacing()
    }
    isFinished = true
    syncDirectory(parentDirectory(of: path))
  }

  /// Moves the file to `path` unless something appeared there since `init` checked.
  ///
  /// A hard link fails when the name exists, which makes the check and the move one step;
  /// where the file system has no hard links, the check is repeated just before the rename.
  private func placeWithoutReplacing() throws {
    if link(temporaryPath, path) == 0 {
      unlink(temporaryPath)
      return
    }
    let code = errno
    guard code != EEXIST, !pathExists(path) else {
      unlink(temporaryPath)
      isFinished = true
      throw WeightPackError(.outputExists, path: path)
    }
    guard rename(temporaryPath, path) == 0 else { throw systemError("rename", path: path) }
  }

  /// Removes the temporary file; the destination stays as it was.
  func discard() {
    guard !isFinished else { return }
    if descriptor >= 0 { close(descriptor) }
    descriptor = -1
    unlink(temporaryPath)
    isFinished = true
  }
}

/// Whether anything (file, directory, link) exists at `path`.
func pathExists(_ path: String) -> Bool {
  var status = stat()
  return lstat(path, &status) == 0
}

/// Whether `path` is a directory (following links).
func isDirectoryPath(_ path: String) -> Bool {
  var status = stat()
  return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
}

/// The directory part of `path`, or `"."`.
func parentDirectory(of path: String) -> String {
  var trimmed = path
  while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
  guard let slash = trimmed.lastIndex(of: "/") else { return "." }
  let parent = String(trimmed[..<slash])
  return parent.isEmpty ? "/" : parent
}

/// Makes a rename in `directory` durable.
///
/// Failure is harmless, so it is ignored.
func syncDirectory(_ directory: String) {
  let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
  guard fd >= 0 else { return }
  fsync(fd)
  close(fd)
}
