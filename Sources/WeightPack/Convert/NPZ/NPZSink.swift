/// Writes tensors as a NumPy `.npz` archive that `np.load` opens: one `<name>.npy` member per
/// tensor, each holding exactly what `np.save` would write.
///
/// Members are stored when `WriteOptions.codec` is `.raw` (as `np.savez` does) and deflated
/// when it is `.zlib` (as `np.savez_compressed` does), at the level of
/// `WriteOptions.strategy` when it is `.level(n)`, else 6. Elements are streamed, compressed
/// on the way, to a temporary file beside the destination; each member's local header is
/// patched with its CRC-32 and sizes when the member ends, and `finish` writes the central
/// directory, syncs and renames the file into place. ZIP64 fields are used where a size or
/// offset exceeds 4 GiB - 1.
///
/// A tensor name becomes a member name unchanged (`a.b` becomes `a.b.npy`, which reads back
/// as `a.b`), so names that would not read back are refused: empty, or containing `/`, `\` or
/// NUL. BF16 is refused; metadata and history are dropped. Not `Sendable`: one owner writes.
public final class NPZSink: TensorSink {
  /// The destination path.
  public let path: String
  private let file: AtomicFile
  private let deflateLevel: Int?
  private let zip64Threshold: UInt64
  private var entries: [ZIPEntry] = []
  private var names: Set<String> = []
  private var current: OpenMember?

  /// The member being written.
  private struct OpenMember {
    var entry: ZIPEntry
    var hasZIP64LocalHeader: Bool
    var dataOffset: UInt64
    var crc = CRC32()
    var tensorByteCount: UInt64
    var written: UInt64 = 0
    var deflater: ZlibCodec.RawDeflater?
  }

  /// Creates the temporary file for `path`.
  ///
  /// - Parameters:
  ///   - path: Where the archive appears on `finish`.
  ///   - options: `overwrite`, `codec` (`.raw` stores, `.zlib` deflates) and `strategy`
  ///     (only `.level(n)` applies) are used.
  /// - Throws: `WeightPackError` of kind `.outputExists` or `.systemCallFailed`.
  public convenience init(path: String, options: WriteOptions = WriteOptions()) throws {
    try self.init(path: path, options: options, zip64Threshold: ZIPLayout.zip64Limit)
  }

  /// Creates the sink with a lower ZIP64 threshold, so tests can make ZIP64 archives small.
  init(path: String, options: WriteOptions, zip64Threshold: UInt64) throws {
    self.path = path
    self.file = try AtomicFile(path: path, overwrite: options.overwrite)
    self.zip64Threshold = min(zip64Threshold, ZIPLayout.zip64Limit)
    if options.codec == .zlib {
      if case .level(let level) = options.strategy {
        deflateLevel = level
      } else {
        deflateLevel = 6
      }
    } else {
      deflateLevel = nil
    }
  }

  /// Writes the member's local header (to be patched) and the tensor's `.npy` header.
  ///
  /// - Throws: `WeightPackError` of kind `.unsafeName`, `.duplicateTensorName`,
  ///   `.unsupportedDType` (BF16), `.sizeOverflow`, `.writerMisuse` or `.systemCallFailed`.
  public func beginTensor(_ descriptor: TensorDescriptor) throws {
    guard current == nil else {
      throw misuse("beginTensor while another tensor is still open")
    }
    let name = descriptor.name
    let memberName = Array((name + ".npy").utf8)
    guard !name.isEmpty, !name.contains("/"), !name.contains("\\"), !name.contains("\0"),
      memberName.count <= Int(UInt16.max)
    else { throw WeightPackError(.unsafeName(name), path: path) }
    guard names.insert(name).inserted else {
      throw WeightPackError(.duplicateTensorName(name), path: path)
    }
    let header: [UInt8]
    do {
      header = try NPYHeader.encoded(dtype: descriptor.dtype, shape: descriptor.shape)
    } catch {
      throw WeightPackError(
        .unsupportedDType(format: "npz", dtype: descriptor.dtype.rawValue), path: path,
        tensor: name)
    }
    let (total, overflow) = descriptor.byteCount.addingReportingOverflow(UInt64(header.count))
    guard !overflow else { throw WeightPackError(.sizeOverflow, path: path, tensor: name) }
    let isASCII = memberName.allSatisfy { $0 < 0x80 }
    let entry = ZIPEntry(
      name: name + ".npy", nameBytes: memberName, flags: isASCII ? 0 : ZIPLayout.flagUTF8,
      method: deflateLevel == nil ? ZIPLayout.methodStored : ZIPLayout.methodDeflated,
      crc32: 0, compressedByteCount: 0, uncompressedByteCount: total,
      localHeaderOffset: file.byteCount, entryOffset: 0)
    let zip64 = Self.worstCaseByteCount(total, deflated: deflateLevel != nil) > zip64Threshold
    let local = ZIPRecordEncoding.localHeader(entry, zip64: zip64)
    try file.write(local)
    current = OpenMember(
      entry: entry, hasZIP64LocalHeader: zip64, dataOffset: file.byteCount,
      tensorByteCount: descriptor.byteCount,
      deflater: try deflateLevel.map { try ZlibCodec.RawDeflater(level: $0) })
    try emit(header)
  }

  /// Appends the open tensor's next bytes (little-endian, row-major), deflating them if
  /// members are deflated.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` with no tensor open,
  ///   `.byteCountMismatch` past the tensor's size, or `.systemCallFailed`.
  public func append(_ bytes: [UInt8]) throws {
    guard let member = current else { throw misuse("append with no tensor begun") }
    let (total, overflow) = member.written.addingReportingOverflow(UInt64(bytes.count))
    guard !overflow, total <= member.tensorByteCount else {
      throw WeightPackError(
        .byteCountMismatch(expected: member.tensorByteCount, actual: total), path: path,
        tensor: member.entry.name)
    }
    current?.written = total
    try emit(bytes)
  }

  /// Ends the member: flushes deflate and patches the local header with CRC-32 and sizes.
  ///
  /// - Throws: `WeightPackError` of kind `.byteCountMismatch` if fewer bytes arrived than the
  ///   shape needs, `.writerMisuse` with no tensor open, or `.systemCallFailed`.
  public func endTensor() throws {
    guard var member = current else { throw misuse("endTensor with no tensor begun") }
    guard member.written == member.tensorByteCount else {
      throw WeightPackError(
        .byteCountMismatch(expected: member.tensorByteCount, actual: member.written),
        path: path)
    }
    if let deflater = member.deflater {
      try file.write(deflater.deflate([], finish: true))
    }
    member.entry.crc32 = member.crc.value
    member.entry.compressedByteCount = file.byteCount - member.dataOffset
    if !member.hasZIP64LocalHeader,
      max(member.entry.compressedByteCount, member.entry.uncompressedByteCount) > zip64Threshold
    {
      // Deflate's worst case bounded the size when the header was written; never reached.
      throw misuse("member '\(member.entry.name)' outgrew its local header")
    }
    try file.write(
      ZIPRecordEncoding.localHeader(member.entry, zip64: member.hasZIP64LocalHeader),
      at: member.entry.localHeaderOffset)
    entries.append(member.entry)
    current = nil
  }

  /// Writes the central directory and end records, syncs the file and renames it into
  /// place; `metadata` and `history` are dropped.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` while a tensor is open, or
  ///   `.systemCallFailed`.
  public func finish(metadata: [String: String], history: [HistoryEntry]) throws {
    guard current == nil else { throw misuse("finish while a tensor is still open") }
    let directoryOffset = file.byteCount
    for entry in entries {
      try file.write(ZIPRecordEncoding.centralEntry(entry, threshold: zip64Threshold))
    }
    try file.write(
      ZIPRecordEncoding.endRecords(
        entryCount: entries.count, directoryOffset: directoryOffset,
        directoryByteCount: file.byteCount - directoryOffset, threshold: zip64Threshold))
    try file.commit()
  }

  /// Removes the temporary file; the destination stays as it was.
  public func cancel() {
    current = nil
    file.discard()
  }

  // MARK: - Steps

  /// Adds member bytes to the CRC and writes them, deflated if members are.
  private func emit(_ bytes: [UInt8]) throws {
    guard let deflater = current?.deflater else {
      current?.crc.update(bytes)
      try file.write(bytes)
      return
    }
    current?.crc.update(bytes)
    let compressed = deflater.deflate(bytes, finish: false)
    if !compressed.isEmpty { try file.write(compressed) }
  }

  /// The most bytes a member of `byteCount` bytes can take: itself when stored; when
  /// deflated, zlib's `deflateBound` for a raw stream, rounded up generously.
  static func worstCaseByteCount(_ byteCount: UInt64, deflated: Bool) -> UInt64 {
    guard deflated else { return byteCount }
    let extra = (byteCount >> 12) + (byteCount >> 14) + (byteCount >> 25) + 64
    return byteCount > UInt64.max - extra ? UInt64.max : byteCount + extra
  }

  private func misuse(_ detail: String) -> WeightPackError {
    WeightPackError(.writerMisuse(detail), path: path)
  }
}
