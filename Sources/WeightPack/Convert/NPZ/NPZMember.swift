/// One array of an opened `.npz` archive: its ZIP entry, where its data is, its `.npy` header.
struct NPZMember: Sendable {
  /// The central directory entry.
  var entry: ZIPEntry
  /// Where the member's stored (or deflated) bytes start: bytes from the start of the file.
  var dataOffset: UInt64
  /// The `.npy` header at the start of the member; its offsets count from the member's
  /// first uncompressed byte.
  var header: NPYHeader
  /// The tensor name: the member name without `.npy`, `/` replaced by `.`.
  var tensorName: String

  /// Where the member's stored bytes end: bytes from the start of the file.
  var dataEnd: UInt64 { dataOffset + entry.compressedByteCount }

  /// Moves an error found in a member's uncompressed bytes (offset counted from its first
  /// byte) to the archive: a stored member's bytes are in the file, so the offset is shifted
  /// there; a deflated member's have no file offset, so the error points at the start of its
  /// compressed data.
  static func locating(
    _ error: WeightPackError,
    in entry: ZIPEntry,
    dataOffset: UInt64
  ) -> WeightPackError {
    var copy = error
    if entry.isDeflated {
      copy.offset = dataOffset
    } else {
      let (shifted, overflow) = dataOffset.addingReportingOverflow(error.offset ?? 0)
      copy.offset = overflow ? dataOffset : shifted
    }
    return copy
  }
}
