public import Foundation

/// An open `.wpk` file: its manifest, and access to each tensor's bytes.
///
/// Opening reads only the preamble, the trailer and the manifest, whatever the file's size,
/// and validates them (Spec/FORMAT.md, "Validation"). Tensor data is read on demand with
/// positioned reads, so a `WeightFile` can be shared between threads: it is `Sendable`, and
/// several tensors (or chunks) can be read at once. Stored (raw) tensors are returned from a
/// memory map without a copy.
public final class WeightFile: Sendable {
  /// The path the file was opened with.
  public let path: String
  /// The file's size in bytes when it was opened.
  public let fileSize: UInt64
  /// The format version in the preamble.
  public let version: FormatVersion
  /// The trailer, which locates the manifest.
  public let trailer: Trailer
  /// The decoded and validated manifest.
  public let manifest: Manifest
  /// The limits this file was opened with.
  public let options: ReadOptions

  let file: SystemFile

  /// Opens and validates a `.wpk` file.
  ///
  /// - Parameters:
  ///   - path: The file to open.
  ///   - options: Limits on what the file may declare.
  /// - Throws: `WeightPackError` for any structural problem, with the path and the offset of
  ///   the bad bytes; see Spec/FORMAT.md, "Validation", for the order of checks.
  /// - Complexity: O(manifest); no tensor data is read.
  public init(path: String, options: ReadOptions = ReadOptions()) throws {
    self.path = path
    self.options = options
    do {
      let file = try SystemFile(readingAt: path)
      self.file = file
      self.fileSize = file.size
      let head = try file.read(count: Int(min(file.size, Layout.dataOffset)), at: 0)
      self.version = try Preamble(parsing: head, fileSize: file.size).version
      self.trailer = try Self.readTrailer(file)
      self.manifest = try Self.readManifest(file, trailer: trailer, options: options)
      guard manifest.formatVersion == version else {
        throw WeightPackError(
          .versionMismatch(
            preamble: version.description, manifest: manifest.formatVersion.description),
          offset: 8)
      }
      do {
        try manifest.validate(
          dataEnd: trailer.manifestOffset, maximumChunkByteCount: options.maximumChunkByteCount)
      } catch let error as WeightPackError {
        throw error.adding(offset: trailer.manifestOffset)
      }
    } catch let error as WeightPackError {
      throw error.adding(path: path)
    }
  }

  private static func readTrailer(_ file: SystemFile) throws -> Trailer {
    let minimum = Layout.dataOffset + UInt64(Layout.trailerByteCount)
    guard file.size >= minimum else {
      throw WeightPackError(
        .truncated(needed: minimum, available: file.size), offset: 0,
        underlying: "too short for a preamble and a trailer")
    }
    let offset = file.size - UInt64(Layout.trailerByteCount)
    let bytes = try file.read(count: Layout.trailerByteCount, at: offset)
    return try Trailer(parsing: bytes, fileOffset: offset)
  }

  private static func readManifest(
    _ file: SystemFile,
    trailer: Trailer,
    options: ReadOptions
  ) throws -> Manifest {
    let trailerOffset = file.size - UInt64(Layout.trailerByteCount)
    guard trailer.manifestByteCount <= options.maximumManifestByteCount else {
      throw WeightPackError(
        .manifestTooLarge(
          byteCount: trailer.manifestByteCount, limit: options.maximumManifestByteCount),
        offset: trailerOffset + Trailer.byteCountOffset)
    }
    guard trailer.manifestStoredByteCount <= trailer.manifestByteCount else {
      throw WeightPackError(
        .manifestLengthMismatch(
          stored: trailer.manifestStoredByteCount, decoded: trailer.manifestByteCount),
        offset: trailerOffset + Trailer.storedByteCountOffset)
    }
    let (end, overflow) = trailer.manifestOffset.addingReportingOverflow(
      trailer.manifestStoredByteCount)
    guard !overflow, trailer.manifestOffset >= Layout.dataOffset, end == trailerOffset else {
      throw WeightPackError(
        .manifestOutOfBounds(
          offset: trailer.manifestOffset, byteCount: trailer.manifestStoredByteCount,
          fileSize: file.size),
        offset: trailerOffset)
    }
    let stored = try file.read(
      count: Int(trailer.manifestStoredByteCount), at: trailer.manifestOffset)
    let bytes = try decodedManifest(stored, trailer: trailer)
    let crc = CRC32.checksum(bytes)
    guard crc == trailer.manifestCRC32 else {
      throw WeightPackError(
        .manifestChecksumMismatch(expected: trailer.manifestCRC32, actual: crc),
        offset: trailer.manifestOffset)
    }
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw WeightPackError(.invalidUTF8, offset: trailer.manifestOffset)
    }
    do {
      let json = try JSONParser.parse(bytes, maximumDepth: options.maximumJSONDepth)
      return try Manifest(json: json, maximumRank: options.maximumRank)
    } catch let error as WeightPackError {
      throw error.adding(offset: trailer.manifestOffset)
    }
  }

  /// The manifest's JSON text: the stored bytes themselves, or their zlib stream inflated
  /// into exactly the length the trailer declares (which has passed the manifest limit).
  private static func decodedManifest(_ stored: [UInt8], trailer: Trailer) throws -> [UInt8] {
    guard trailer.isManifestCompressed else { return stored }
    do {
      return try uninitializedBytes(Int(trailer.manifestByteCount)) { output in
        try stored.withUnsafeBytes { try ZlibCodec.inflate($0, into: output) }
      }
    } catch let error as WeightPackError {
      guard case .decompressionFailed(let detail) = error.kind else { throw error }
      throw WeightPackError(
        .manifestDecompressionFailed(detail), offset: trailer.manifestOffset)
    }
  }

  // MARK: - Reading tensors

  /// The manifest entries of the tensors, in file order.
  public var entries: [TensorEntry] { manifest.tensors }

  /// The manifest entry of the tensor named `name`.
  ///
  /// - Throws: `WeightPackError` of kind `.tensorNotFound`.
  public func entry(named name: String) throws -> TensorEntry {
    guard let entry = manifest.tensor(named: name) else {
      throw WeightPackError(.tensorNotFound(name), path: path)
    }
    return entry
  }

  /// Reads and decodes one chunk.
  ///
  /// - Parameters:
  ///   - index: The chunk's position within the tensor, counting from 0.
  ///   - entry: The tensor that owns the chunk.
  /// - Returns: Exactly the chunk's `byteCount` bytes, little-endian, row-major.
  /// - Throws: `WeightPackError` of kind `.truncated`, `.decompressionFailed` or
  ///   `.checksumMismatch`, with path, tensor, chunk and offset filled in.
  public func readChunk(_ index: Int, of entry: TensorEntry) throws -> [UInt8] {
    guard entry.chunks.indices.contains(index) else {
      throw WeightPackError(
        .chunkIndexOutOfRange(index: index, count: entry.chunks.count), path: path,
        tensor: entry.name)
    }
    let chunk = entry.chunks[index]
    do {
      let stored = try file.read(count: Int(chunk.storedByteCount), at: chunk.offset)
      let codec = ChunkCodec(dtype: entry.dtype, codec: entry.codec, filters: entry.filters)
      let decoded = try uninitializedBytes(Int(chunk.byteCount)) { output in
        try codec.decode(stored, planeByteCounts: chunk.planeByteCounts, into: output)
      }
      if options.verifiesChecksums {
        let crc = CRC32.checksum(decoded)
        guard crc == chunk.crc32 else {
          throw WeightPackError(.checksumMismatch(expected: chunk.crc32, actual: crc))
        }
      }
      return decoded
    } catch let error as WeightPackError {
      throw error.adding(tensor: entry.name, chunk: index).adding(offset: chunk.offset)
        .adding(path: path)
    }
  }

  /// Reads and decodes a range of chunks, in parallel, and returns their bytes joined.
  ///
  /// Only the chunks in `range` are read; the rest of the tensor is not touched.
  ///
  /// - Complexity: O(bytes of the chunks in `range`).
  public func readChunks(_ range: Range<Int>, of entry: TensorEntry) throws -> [UInt8] {
    let pieces = try parallelMap(range.count, workers: options.workerCount) { offset in
      try self.readChunk(range.lowerBound + offset, of: entry)
    }
    return Array(pieces.joined())
  }

  /// Calls `body` with each chunk's decoded bytes in order, decoding a few chunks ahead in
  /// parallel; at most `options.workerCount` chunks are held at once.
  public func forEachChunk(of entry: TensorEntry, _ body: ([UInt8]) throws -> Void) throws {
    let batch = max(1, options.workerCount)
    var start = 0
    while start < entry.chunks.count {
      let first = start
      let end = min(entry.chunks.count, start + batch)
      let pieces = try parallelMap(end - first, workers: batch) { offset in
        try self.readChunk(first + offset, of: entry)
      }
      for piece in pieces { try body(piece) }
      start = end
    }
  }

  /// Returns a tensor's decoded bytes, little-endian, row-major.
  ///
  /// A raw tensor is a memory map of its part of the file: no copy is made (its checksums are
  /// still checked when `options.verifiesChecksums` is set). Other tensors are decoded chunk
  /// by chunk, in parallel.
  public func data(of entry: TensorEntry) throws -> Data {
    guard entry.isContiguousRaw, let first = entry.chunks.first else {
      // Reserve no more than the first chunks need: the declared size is only as true as
      // the chunks that will be checked.
      var result = Data(capacity: Int(min(entry.byteCount, UInt64(64 << 20))))
      try forEachChunk(of: entry) { result.append(contentsOf: $0) }
      return result
    }
    let map = try file.mapped(count: Int(entry.byteCount), at: first.offset)
    if options.verifiesChecksums {
      var position = 0
      for (index, chunk) in entry.chunks.enumerated() {
        let piece = map[position..<position + Int(chunk.byteCount)]
        let crc = piece.withUnsafeBytes { ZlibCodec.crc32(0, $0) }
        guard crc == chunk.crc32 else {
          throw WeightPackError(
            .checksumMismatch(expected: chunk.crc32, actual: crc), path: path,
            tensor: entry.name, chunk: index, offset: chunk.offset)
        }
        position += Int(chunk.byteCount)
      }
    }
    return map
  }
}
