import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file opened for reading, read with positioned reads (`pread`) only.
///
/// There is no shared file offset, so one `SystemFile` can be read from many threads at once.
/// The descriptor is closed when the object is released.
final class SystemFile: Sendable {
  /// The path as the caller gave it, for messages.
  let path: String
  /// The file's size in bytes when it was opened.
  let size: UInt64
  fileprivate let descriptor: Int32

  /// Opens `path` for reading.
  ///
  /// - Throws: `WeightPackError` of kind `.fileNotFound` or `.systemCallFailed`.
  init(readingAt path: String) throws {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw systemError("open", path: path) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let error = systemError("fstat", path: path)
      close(descriptor)
      throw error
    }
    guard (status.st_mode & S_IFMT) == S_IFREG else {
      close(descriptor)
      throw WeightPackError(
        .systemCallFailed(call: "open", code: EISDIR), path: path,
        underlying: "not a regular file")
    }
    self.path = path
    self.descriptor = descriptor
    self.size = UInt64(status.st_size)
  }

  deinit { close(descriptor) }

  /// Reads `count` bytes starting at `offset` (bytes from the start of the file).
  ///
  /// - Throws: `WeightPackError` of kind `.truncated` when the file ends first, or
  ///   `.systemCallFailed` when the read fails.
  func read(count: Int, at offset: UInt64) throws -> [UInt8] {
    try uninitializedBytes(count) { try read(into: $0, at: offset) }
  }

  /// Fills `buffer` with the bytes starting at `offset`.
  func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws {
    var done = 0
    while done < buffer.count {
      // Linux returns at most 0x7ffff000 bytes per call, so loop until the buffer is full.
      // Safe because the pointer and count stay inside `buffer`.
      let result = pread(
        descriptor, buffer.baseAddress?.advanced(by: done), buffer.count - done,
        off_t(offset) + off_t(done))
      if result < 0 {
        if errno == EINTR { continue }
        throw systemError("pread", path: path)
      }
      if result == 0 {
        throw WeightPackError(
          .truncated(needed: UInt64(buffer.count), available: UInt64(done)), path: path,
          offset: offset)
      }
      done += result
    }
  }
}

extension SystemFile {
  /// Maps `count` bytes at `offset` read-only and returns them as `Data` without a copy.
  ///
  /// The mapping belongs to the returned value and is removed when the last copy of it is
  /// released. Its indices start at 0.
  ///
  /// - Throws: `WeightPackError` of kind `.truncated` if the range is not inside the file,
  ///   or `.systemCallFailed` if `mmap` fails.
  func mapped(count: Int, at offset: UInt64) throws -> Data {
    guard count > 0 else { return Data() }
    let (end, overflow) = offset.addingReportingOverflow(UInt64(count))
    guard !overflow, end <= size else {
      throw WeightPackError(
        .truncated(needed: UInt64(count), available: size > offset ? size - offset : 0),
        path: path, offset: offset)
    }
    let page = UInt64(sysconf(Int32(_SC_PAGESIZE)))
    let start = offset / page * page
    let lead = Int(offset - start)
    let length = lead + count
    let base = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, off_t(start))
    guard let base, base != MAP_FAILED else { throw systemError("mmap", path: path) }
    // Safe because [base, base + length) is the mapping just made, it covers the requested
    // range, and the deallocator unmaps it only when the Data is released.
    return Data(
      bytesNoCopy: base.advanced(by: lead), count: count,
      deallocator: .custom { _, _ in munmap(base, length) })
  }
}

/// Makes a `WeightPackError` from the current `errno`.
func systemError(_ call: String, path: String) -> WeightPackError {
  let code = errno
  if code == ENOENT { return WeightPackError(.fileNotFound, path: path) }
  return WeightPackError(.systemCallFailed(call: call, code: code), path: path)
}
