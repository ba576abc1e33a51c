// A stored member is read straight from the file. A deflated one is inflated from 64 KiB of
// compressed input at a time into outputs the caller sizes, and the caller never asks for
// more than the declared uncompressed size: so a member that inflates to more (a deflate
// bomb) costs at most that size before `finish()` finds one byte too many. `finish()` also
// checks that the stream ends exactly at the declared compressed size and that the CRC-32
// of everything handed out matches the central directory.

/// Reads the uncompressed bytes of one member in order, verifying sizes and CRC-32.
///
/// Errors carry the file offset where they were found: for a stored member, the offset of
/// the byte at fault; for a deflated one, the offset of the compressed input being read.
/// Not `Sendable`: one owner reads.
final class ZIPMemberReader {
  /// How many compressed bytes are read from the file at a time.
  static let inputByteCount = 64 << 10

  private let entry: ZIPEntry
  private let dataOffset: UInt64
  private let file: SystemFile
  private let inflater: ZlibCodec.RawInflater?
  private var crc = CRC32()
  /// The uncompressed bytes handed out so far.
  private(set) var position: UInt64 = 0
  private var input: [UInt8] = []
  private var inputStart = 0
  private var compressedRead: UInt64 = 0

  /// Prepares to read the member whose data starts at `dataOffset` in `file`.
  ///
  /// - Throws: `WeightPackError` of kind `.decompressionFailed` if zlib cannot start.
  init(entry: ZIPEntry, dataOffset: UInt64, file: SystemFile) throws {
    self.entry = entry
    self.dataOffset = dataOffset
    self.file = file
    self.inflater = entry.isDeflated ? try ZlibCodec.RawInflater() : nil
  }

  /// The uncompressed bytes not yet read, as the archive declares them.
  var remaining: UInt64 { entry.uncompressedByteCount - position }

  /// The offset of the next compressed byte to decode.
  private var compressedOffset: UInt64 {
    dataOffset + compressedRead - UInt64(input.count - inputStart)
  }

  /// Reads the next `count` uncompressed bytes; `count` must not exceed `remaining`.
  ///
  /// - Throws: `WeightPackError` of kind `.truncated`, `.decompressionFailed`,
  ///   `.zipMemberSizeMismatch` (the stream ends early) or `.zipCompressedSizeMismatch`
  ///   (the stream needs more than the declared compressed bytes).
  func read(_ count: Int) throws -> [UInt8] {
    precondition(count >= 0 && UInt64(count) <= remaining, "read past the declared size")
    let bytes: [UInt8]
    if let inflater {
      bytes = try inflate(count, with: inflater)
    } else {
      bytes = try file.read(count: count, at: dataOffset + position)
    }
    crc.update(bytes)
    position += UInt64(count)
    return bytes
  }

  /// Reads and discards the next `count` bytes (they still count towards the CRC-32).
  func skip(_ count: UInt64) throws {
    var left = count
    while left > 0 {
      let step = min(left, UInt64(ZIPMemberReader.inputByteCount))
      _ = try read(Int(step))
      left -= step
    }
  }

  /// Checks that every declared byte was read, that nothing follows them, and the CRC-32.
  ///
  /// - Throws: `WeightPackError` of kind `.zipMemberTooLong`, `.zipCompressedSizeMismatch`,
  ///   `.decompressionFailed` or `.checksumMismatch`.
  func finish() throws {
    precondition(remaining == 0, "finish before the member was read")
    if let inflater {
      try checkStreamEnds(inflater)
    }
    guard crc.value == entry.crc32 else {
      throw WeightPackError(
        .checksumMismatch(expected: entry.crc32, actual: crc.value), offset: dataOffset)
    }
  }

  // MARK: - Inflating

  private func inflate(_ count: Int, with inflater: ZlibCodec.RawInflater) throws -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(count)
    while output.count < count {
      let (bytes, consumed) = try step(inflater, maximumOutput: count - output.count)
      output += bytes
      guard bytes.isEmpty, consumed == 0 else { continue }
      if inflater.isFinished {
        throw WeightPackError(
          .zipMemberSizeMismatch(
            declared: entry.uncompressedByteCount, actual: position + UInt64(output.count)),
          offset: compressedOffset)
      }
      throw noProgress()
    }
    return output
  }

  private func checkStreamEnds(_ inflater: ZlibCodec.RawInflater) throws {
    while !inflater.isFinished {
      let (bytes, consumed) = try step(inflater, maximumOutput: 1)
      if !bytes.isEmpty {
        throw WeightPackError(
          .zipMemberTooLong(declared: entry.uncompressedByteCount), offset: compressedOffset)
      }
      if consumed == 0, !inflater.isFinished { throw noProgress() }
    }
    let unused = UInt64(input.count - inputStart) + entry.compressedByteCount - compressedRead
    guard unused == 0 else {
      throw WeightPackError(
        .zipCompressedSizeMismatch(
          declared: entry.compressedByteCount, used: entry.compressedByteCount - unused),
        offset: compressedOffset)
    }
  }

  /// Refills the input if it is used up, then runs the inflater once.
  private func step(_ inflater: ZlibCodec.RawInflater, maximumOutput: Int) throws
    -> (output: [UInt8], consumed: Int)
  {
    if inputStart == input.count, compressedRead < entry.compressedByteCount {
      let count = min(
        UInt64(ZIPMemberReader.inputByteCount), entry.compressedByteCount - compressedRead)
      input = try file.read(count: Int(count), at: dataOffset + compressedRead)
      inputStart = 0
      compressedRead += count
    }
    do {
      let result = try inflater.inflate(input, from: inputStart, maximumOutput: maximumOutput)
      inputStart += result.consumed
      return result
    } catch let error as WeightPackError {
      throw error.adding(offset: compressedOffset)
    }
  }

  /// The error when zlib can go no further: the declared compressed bytes ran out (or zlib
  /// stalled, which only a damaged stream makes it do).
  private func noProgress() -> WeightPackError {
    if inputStart == input.count, compressedRead == entry.compressedByteCount {
      return WeightPackError(
        .zipCompressedSizeMismatch(declared: entry.compressedByteCount, used: nil),
        offset: compressedOffset)
    }
    return WeightPackError(
      .decompressionFailed("zlib made no progress"), offset: compressedOffset)
  }
}
