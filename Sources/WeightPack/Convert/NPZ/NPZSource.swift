import Foundation

/// A NumPy `.npz` archive opened for reading: a ZIP archive of `.npy` members, one tensor each.
///
/// Archives written by `np.savez` (stored members) and `np.savez_compressed` (deflated
/// members) are read, including ZIP64 archives. A member's tensor name is its name without
/// `.npy`, with `/` turned into `.`, as for a directory of `.npy` files. Opening reads the
/// end records, the central directory, and each member's local header and `.npy` header;
/// nothing else. `readTensor(at:_:)` then streams a member in pieces of at most 1 MiB,
/// straight from the file when it is stored and inflated incrementally when it is deflated,
/// checking its sizes and ZIP CRC-32 on the way; big-endian data is byte-swapped and
/// Fortran-order data reordered to row-major, as `NPYSource` does.
///
/// Refused: members that are encrypted, use methods other than stored and deflated, have
/// names that are absolute or contain `..`, do not end in `.npy`, repeat a tensor name or
/// overlap; and every dtype `NPYSource` refuses. The archive has no metadata or history.
public final class NPZSource: TensorSource {
  /// The path the archive was opened from.
  public let path: String
  /// The tensors, in central directory order.
  public let tensors: [TensorDescriptor]
  /// The members, in the order of `tensors`.
  let members: [NPZMember]
  private let file: SystemFile

  /// Opens a `.npz` archive and reads its directory and every member's `.npy` header.
  ///
  /// - Parameters:
  ///   - path: The archive.
  ///   - options: Read limits: `maximumRank` (capped at 32), and
  ///     `maximumManifestByteCount`, which bounds the central directory.
  ///   - maximumHeaderByteCount: The longest `.npy` header text accepted, in bytes.
  /// - Throws: `WeightPackError` with the path, the tensor (once its name is known) and the
  ///   offset of the problem: a `.zip…` kind for the archive's structure, `.truncated`,
  ///   `.decompressionFailed`, `.duplicateTensorName`, or what `NPYSource` throws for the
  ///   `.npy` header.
  public init(
    path: String,
    options: ReadOptions = ReadOptions(),
    maximumHeaderByteCount: Int = NPYSource.defaultMaximumHeaderByteCount
  ) throws {
    let file = try SystemFile(readingAt: path)
    let members = try withContext(path: path) {
      let directory = try ZIPCentralDirectory.read(
        from: file, maximumByteCount: options.maximumManifestByteCount)
      var members: [NPZMember] = []
      var names: Set<String> = []
      for entry in directory.entries {
        let name = try entry.validatedTensorName()
        guard names.insert(name).inserted else {
          throw WeightPackError(.duplicateTensorName(name), offset: entry.entryOffset)
        }
        do {
          let dataOffset = try ZIPLocalHeader.dataOffset(
            of: entry, in: file, limit: directory.offset)
          members.append(
            try Self.member(
              entry, dataOffset: dataOffset, tensorName: name, file: file,
              maximumHeaderByteCount: maximumHeaderByteCount,
              maximumRank: min(options.maximumRank, NPYHeader.maximumRank)))
        } catch let error as WeightPackError {
          throw error.adding(tensor: name)
        }
      }
      try Self.checkNoOverlap(members)
      return members
    }
    self.path = path
    self.file = file
    self.members = members
    self.tensors = members.map {
      TensorDescriptor(name: $0.tensorName, dtype: $0.header.dtype, shape: $0.header.shape)
    }
  }

  /// `npz`.
  public var formatName: String { "npz" }
  /// Always empty: `.npz` archives have no metadata.
  public var metadata: [String: String] { [:] }
  /// Always empty: `.npz` archives have no history.
  public var history: [HistoryEntry] { [] }

  /// Streams one tensor's elements, little-endian and row-major, in pieces of at most 1 MiB.
  ///
  /// The member's CRC-32 and sizes are checked when its last byte has been read, so on a
  /// damaged member `body` has seen its bytes before the error is thrown.
  ///
  /// - Parameters:
  ///   - index: The tensor's position in `tensors`.
  ///   - body: Called with consecutive pieces.
  /// - Throws: `WeightPackError` with path, tensor and offset, of kind `.checksumMismatch`,
  ///   `.decompressionFailed`, `.zipMemberSizeMismatch`, `.zipMemberTooLong`,
  ///   `.zipCompressedSizeMismatch` or `.truncated`; or what `body` throws.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    let member = members[index]
    do {
      let reader = try ZIPMemberReader(
        entry: member.entry, dataOffset: member.dataOffset, file: file)
      try reader.skip(member.header.dataOffset)
      let stream = NPYDataStream(header: member.header, path: path)
      if stream.needsReordering {
        try streamReordered(member, from: reader, with: stream, body)
      } else {
        try stream.streamContiguous(reading: { count, _ in try reader.read(count) }, body)
        try reader.finish()
      }
    } catch let error as WeightPackError {
      throw error.adding(path: path).adding(tensor: member.tensorName)
    }
  }

  /// The summary: each tensor's stored size is its member's compressed size (`.npy` header
  /// included), and its codec `deflate` or `raw`.
  public func summary() -> FileSummary {
    FileSummary(
      format: formatName, version: nil, metadata: [:], history: [],
      tensors: zip(members, tensors).map { member, tensor in
        TensorSummary(
          name: tensor.name, dtype: tensor.dtype, shape: tensor.shape,
          byteCount: member.header.dataByteCount,
          storedByteCount: member.entry.compressedByteCount,
          codec: member.entry.isDeflated ? "deflate" : "raw", chunkCount: 1)
      })
  }

  // MARK: - Opening

  /// Reads the `.npy` header at the start of a member and checks that header and data fill
  /// the member's declared uncompressed size exactly.
  private static func member(
    _ entry: ZIPEntry,
    dataOffset: UInt64,
    tensorName: String,
    file: SystemFile,
    maximumHeaderByteCount: Int,
    maximumRank: Int
  ) throws -> NPZMember {
    let reader = try ZIPMemberReader(entry: entry, dataOffset: dataOffset, file: file)
    let wanted = NPYHeader.prefixByteCount(maximumHeaderByteCount: maximumHeaderByteCount)
    let prefix = try reader.read(Int(min(reader.remaining, UInt64(wanted))))
    do {
      let header = try NPYHeader.parse(
        prefix: prefix, maximumHeaderByteCount: maximumHeaderByteCount, maximumRank: maximumRank)
      try header.checkDataFills(fileSize: entry.uncompressedByteCount)
      return NPZMember(
        entry: entry, dataOffset: dataOffset, header: header, tensorName: tensorName)
    } catch let error as WeightPackError {
      throw NPZMember.locating(error, in: entry, dataOffset: dataOffset)
    }
  }

  /// Throws `.zipMembersOverlap` if any member starts before the previous one's data ends.
  private static func checkNoOverlap(_ members: [NPZMember]) throws {
    let sorted = members.sorted { $0.entry.localHeaderOffset < $1.entry.localHeaderOffset }
    for (previous, next) in zip(sorted, sorted.dropFirst())
    where next.entry.localHeaderOffset < previous.dataEnd {
      throw WeightPackError(
        .zipMembersOverlap(offset: next.entry.localHeaderOffset, previousEnd: previous.dataEnd),
        tensor: next.tensorName, offset: next.entry.localHeaderOffset)
    }
  }

  // MARK: - Fortran order

  // Reordering visits the data out of order, so it needs random access: a stored member is
  // mapped from the archive once its CRC-32 has been checked in a first pass; a deflated one
  // is inflated (and checked) into a temporary file, which is mapped and then deleted.

  private func streamReordered(
    _ member: NPZMember,
    from reader: ZIPMemberReader,
    with stream: NPYDataStream,
    _ body: ([UInt8]) throws -> Void
  ) throws {
    guard let dataByteCount = Int(exactly: member.header.dataByteCount),
      let memberByteCount = Int(exactly: member.entry.uncompressedByteCount)
    else { throw WeightPackError(.sizeOverflow, offset: member.dataOffset) }
    if !member.entry.isDeflated {
      try reader.skip(reader.remaining)
      try reader.finish()
      let mapped = try file.mapped(count: memberByteCount, at: member.dataOffset)
      try stream.streamReordered(from: mapped, dataStart: member.header.dataOffset, body)
      return
    }
    let scratch = try ScratchFile()
    while reader.remaining > 0 {
      let count = min(reader.remaining, UInt64(NPYDataStream.pieceByteCount))
      try scratch.write(try reader.read(Int(count)))
    }
    try reader.finish()
    let mapped = try scratch.mapped(count: dataByteCount)
    try stream.streamReordered(from: mapped, dataStart: 0, body)
  }
}
