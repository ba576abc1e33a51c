public import Foundation

/// Writes a `.wpk` file as a stream: tensors one after another, each in pieces of any size.
///
/// Bytes are cut into chunks as they arrive; full chunks are compressed in parallel, one per
/// worker, and written in order, so output is deterministic and memory stays at about two
/// chunks per worker whatever the file's size. The file is written under a temporary name
/// beside `path` and appears there only when `finish()` has synced it; if the writer is
/// released unfinished, or anything fails, the temporary file is removed and an existing
/// file at `path` is untouched.
///
/// A writer has one owner and is not `Sendable`.
///
/// ```swift
/// let writer = try WeightWriter(path: "model.wpk")
/// try writer.beginTensor(named: "w", dtype: .float32, shape: try Shape([2, 3]))
/// try writer.append(bytes)
/// try writer.endTensor()
/// try writer.finish()
/// ```
public final class WeightWriter {
  /// The destination path.
  public let path: String
  /// Free-form metadata stored in the manifest.
  public var metadata: [String: String] = [:]
  /// Typed metadata stored in the manifest, in order; keys must be unique.
  public var typedMetadata: [TypedMetadataEntry] = []
  /// The history stored in the manifest; append an entry for what your tool did.
  public var history: [HistoryEntry] = []

  private let options: WriteOptions
  private let output: AtomicFile
  private var tensors: [TensorEntry] = []
  private var names = Set<String>()
  private var open: OpenTensor?
  private var pending: [PendingChunk] = []
  private var inFlight: InFlight?
  private var state = State.writing

  private enum State { case writing, failed, finished }

  private struct OpenTensor {
    var index: Int
    var expected: UInt64
    var received: UInt64 = 0
    var chunkLength: Int
    var buffer: [UInt8] = []
  }

  private struct InFlight {
    var batch: [PendingChunk]
    var results: BackgroundResults<ChunkCodec.Encoded>
  }

  private struct PendingChunk: Sendable {
    var tensorIndex: Int
    var bytes: [UInt8]
    var codec: ChunkCodec
    var strategy: DeflateStrategy
  }

  /// Starts writing a file.
  ///
  /// - Parameters:
  ///   - path: Where the file appears when `finish()` succeeds.
  ///   - options: Codec, chunk size, worker count, and whether to replace an existing file.
  /// - Throws: `WeightPackError` of kind `.outputExists`, `.invalidOption` or
  ///   `.systemCallFailed`.
  public init(path: String, options: WriteOptions = WriteOptions()) throws {
    try options.validate()
    self.path = path
    self.options = options
    self.output = try AtomicFile(path: path, overwrite: options.overwrite)
    // The version is that of the oldest format the file could be; `finish` rewrites it if
    // the file turns out to use newer features.
    try output.write(Preamble(version: .original).bytes)
  }

  /// Begins a tensor; its bytes follow through `append(_:)`, then `endTensor()`.
  ///
  /// - Throws: `WeightPackError` of kind `.duplicateTensorName`, `.invalidTensorName`,
  ///   `.sizeOverflow` or `.writerMisuse`.
  public func beginTensor(named name: String, dtype: DType, shape: Shape) throws {
    try guardWriting()
    guard open == nil else { throw misuse("beginTensor while '\(name)' is still open") }
    do {
      try Manifest.validateName(name)
    } catch let error as WeightPackError {
      throw error.adding(path: path)
    }
    guard let byteCount = dtype.byteCount(for: shape) else {
      if dtype.isBlock {
        throw WeightPackError(
          .invalidDimension(
            "\(dtype.rawValue) needs an innermost dimension that is a multiple of "
              + "\(dtype.traits.elementsPerBlock), shape is \(shape)"),
          path: path, tensor: name)
      }
      throw WeightPackError(.sizeOverflow, path: path, tensor: name)
    }
    guard names.insert(name).inserted else {
      throw WeightPackError(.duplicateTensorName(name), path: path, tensor: name)
    }
    let filters = options.codec == .zlib ? dtype.defaultFilters : []
    tensors.append(
      TensorEntry(
        name: name, dtype: dtype, shape: shape, codec: options.codec, filters: filters,
        chunks: []))
    open = OpenTensor(
      index: tensors.count - 1, expected: byteCount, chunkLength: chunkLength(for: dtype))
  }

  /// Appends the next bytes of the open tensor: little-endian, row-major, in pieces of any
  /// size.
  ///
  /// - Throws: `WeightPackError` of kind `.byteCountMismatch` when more bytes arrive than
  ///   the shape holds, or `.writerMisuse`.
  public func append(_ bytes: [UInt8]) throws {
    try appendContiguous(bytes)
  }

  /// Appends the next bytes of the open tensor from `Data`, such as a slice of a mapped file.
  public func append(_ bytes: Data) throws {
    try appendContiguous(bytes)
  }

  private func appendContiguous(_ bytes: some ContiguousBytes) throws {
    try guardWriting()
    guard var tensor = open else { throw misuse("append with no tensor begun") }
    try bytes.withUnsafeBytes { buffer in
      let received = tensor.received + UInt64(buffer.count)
      guard received <= tensor.expected else {
        throw WeightPackError(
          .byteCountMismatch(expected: tensor.expected, actual: received), path: path,
          tensor: tensors[tensor.index].name)
      }
      tensor.received = received
      var start = 0
      while start < buffer.count {
        let take = min(tensor.chunkLength - tensor.buffer.count, buffer.count - start)
        if tensor.buffer.isEmpty { tensor.buffer.reserveCapacity(tensor.chunkLength) }
        tensor.buffer.append(contentsOf: buffer[start..<start + take])
        start += take
        if tensor.buffer.count == tensor.chunkLength {
          try enqueue(tensor.buffer, of: tensor.index)
          tensor.buffer = []
        }
      }
    }
    open = tensor
  }

  /// Ends the open tensor.
  ///
  /// - Throws: `WeightPackError` of kind `.byteCountMismatch` when fewer bytes arrived than
  ///   the shape holds, or `.writerMisuse`.
  public func endTensor() throws {
    try guardWriting()
    guard let tensor = open else { throw misuse("endTensor with no tensor begun") }
    guard tensor.received == tensor.expected else {
      fail()
      throw WeightPackError(
        .byteCountMismatch(expected: tensor.expected, actual: tensor.received), path: path,
        tensor: tensors[tensor.index].name)
    }
    if !tensor.buffer.isEmpty { try enqueue(tensor.buffer, of: tensor.index) }
    open = nil
  }

  /// Writes a whole tensor: `beginTensor`, `append`, `endTensor`.
  public func write(
    named name: String,
    dtype: DType,
    shape: Shape,
    bytes: [UInt8]
  ) throws {
    try beginTensor(named: name, dtype: dtype, shape: shape)
    try appendContiguous(bytes)
    try endTensor()
  }

  /// Writes the remaining chunks, the manifest and the trailer, syncs the file and renames it
  /// to `path`.
  ///
  /// The file gets the lowest format version that describes it (1.1 when it uses a block
  /// dtype, the `block-split` filter or typed metadata, else 1.0), in the preamble and the
  /// manifest alike.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` if a tensor is still open,
  ///   `.duplicateMetadataKey`, or `.systemCallFailed`; the destination is then untouched.
  public func finish() throws {
    try guardWriting()
    guard open == nil else { throw misuse("finish while a tensor is still open") }
    do {
      try drain()
      try pad()
      var keys = Set<String>()
      for entry in typedMetadata where !keys.insert(entry.key).inserted {
        throw WeightPackError(.duplicateMetadataKey(entry.key), path: path)
      }
      var manifest = Manifest(
        metadata: metadata, typedMetadata: typedMetadata, history: history, tensors: tensors)
      manifest.formatVersion = manifest.requiredVersion
      if manifest.formatVersion != .original {
        try output.write(Preamble(version: manifest.formatVersion).bytes, at: 0)
      }
      let text = manifest.encoded
      let limit = options.maximumManifestByteCount
      guard UInt64(text.count) <= limit else {
        throw WeightPackError(
          .manifestTooLarge(byteCount: UInt64(text.count), limit: limit), path: path)
      }
      let stored = storedManifest(text)
      let trailer = Trailer(
        manifestOffset: output.byteCount, manifestStoredByteCount: UInt64(stored.count),
        manifestByteCount: UInt64(text.count), manifestCRC32: CRC32.checksum(text))
      try output.write(stored)
      try output.write(trailer.bytes)
      try output.commit()
      state = .finished
    } catch {
      fail()
      throw error
    }
  }

  /// Abandons the file: the temporary file is removed and `path` is left as it was.
  public func cancel() {
    fail()
  }

  /// The manifest as it goes to disk: deflated when the options allow it, the text is long
  /// enough, and deflate saves at least 2 %; otherwise the JSON text itself.
  private func storedManifest(_ text: [UInt8]) -> [UInt8] {
    guard options.codec == .zlib, text.count >= options.manifestCompressionThreshold else {
      return text
    }
    let stream = text.withUnsafeBytes { buffer in
      ZlibCodec.deflate(buffer, strategy: .level(9), limit: text.count * 49 / 50)
    }
    return stream ?? text
  }

  // MARK: - Chunks

  /// The decoded length of a full chunk of `dtype`: the option rounded down to a multiple of
  /// both 64 and the dtype's unit, and at least one such multiple.
  private func chunkLength(for dtype: DType) -> Int {
    let unit = dtype.unitByteCount
    let step = leastCommonMultiple(Int(Layout.alignment), unit)
    return max(step, options.chunkByteCount / step * step)
  }

  private func enqueue(_ bytes: [UInt8], of tensorIndex: Int) throws {
    let entry = tensors[tensorIndex]
    let codec = ChunkCodec(dtype: entry.dtype, codec: entry.codec, filters: entry.filters)
    pending.append(
      PendingChunk(
        tensorIndex: tensorIndex, bytes: bytes, codec: codec,
        strategy: options.strategy.resolved(for: entry.dtype)))
    if pending.count >= options.workerCount { try flush() }
  }

  /// Starts compressing the pending chunks, then writes the batch compressed before.
  ///
  /// Compression and I/O overlap this way. At most two batches (two chunks per worker) are
  /// in memory at once.
  private func flush() throws {
    let batch = pending
    pending = []
    let previous = inFlight
    inFlight = nil
    if !batch.isEmpty {
      inFlight = InFlight(
        batch: batch,
        results: BackgroundResults(count: batch.count) { index in
          batch[index].codec.encode(batch[index].bytes, strategy: batch[index].strategy)
        })
    }
    if let previous { try write(previous.batch, previous.results.wait()) }
  }

  /// Flushes until nothing is pending or compressing.
  private func drain() throws {
    try flush()
    try flush()
  }

  private func write(_ batch: [PendingChunk], _ encoded: [ChunkCodec.Encoded]) throws {
    do {
      for (chunk, result) in zip(batch, encoded) {
        try pad()
        let entry = ChunkEntry(
          offset: output.byteCount, storedByteCount: UInt64(result.bytes.count),
          byteCount: UInt64(chunk.bytes.count), crc32: result.crc32,
          planeByteCounts: result.planeByteCounts)
        try output.write(result.bytes)
        tensors[chunk.tensorIndex].chunks.append(entry)
      }
    } catch {
      fail()
      throw error
    }
  }

  /// Writes zero bytes up to the next 64-byte boundary.
  private func pad() throws {
    let target = Layout.aligned(output.byteCount)
    if target > output.byteCount {
      try output.write([UInt8](repeating: 0, count: Int(target - output.byteCount)))
    }
  }

  // MARK: - State

  private func guardWriting() throws {
    switch state {
    case .writing: return
    case .failed: throw misuse("the writer stopped after an earlier error")
    case .finished: throw misuse("the file is already finished")
    }
  }

  private func misuse(_ detail: String) -> WeightPackError {
    WeightPackError(.writerMisuse(detail), path: path)
  }

  private func fail() {
    if state == .writing {
      state = .failed
      output.discard()
    }
  }
}

private func leastCommonMultiple(_ a: Int, _ b: Int) -> Int {
  var (x, y) = (a, b)
  while y != 0 { (x, y) = (y, x % y) }
  return a / x * b
}
