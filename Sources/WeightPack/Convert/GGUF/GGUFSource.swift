/// A GGUF file (ggml, llama.cpp) opened for reading.
///
/// Opening reads and validates only the header (versions 2 and 3, little-endian), with the
/// checks of ggml's own reader; `readTensor(at:_:)` then streams each tensor's bytes with
/// positioned reads, in pieces of at most 1 MiB, so the file is never loaded whole.
///
/// Metadata becomes typed metadata, in file order, with GGUF's value types. Tensors of type
/// F32, F16, BF16, F64, I8, I16, I32, I64, Q8_0 and Q4_0 are read; shapes are reversed into
/// row-major order (GGUF lists the fastest-varying dimension first). Other quantized types
/// (Q4_1, Q5_*, K-quants, IQ*, …) are refused, naming the type.
public final class GGUFSource: TensorSource {
  /// The path the file was opened from.
  public let path: String
  /// The tensors, in file order.
  public let tensors: [TensorDescriptor]
  let header: GGUFHeader
  private let file: SystemFile

  /// Opens a GGUF file and reads its header.
  ///
  /// - Parameters:
  ///   - path: The file to open.
  ///   - options: Read limits: `maximumManifestByteCount` bounds the header's length.
  /// - Throws: `WeightPackError` of kind `.fileNotFound`, `.truncated`,
  ///   `.unsupportedVersion`, `.malformedGGUF`, `.duplicateTensorName`,
  ///   `.invalidTensorName`, `.rankTooLarge` or `.sizeOverflow`, with the path and the
  ///   offset of the bad field.
  public init(path: String, options: ReadOptions = ReadOptions()) throws {
    do {
      let file = try SystemFile(readingAt: path)
      self.header = try GGUFHeader.read(
        from: file, maximumHeaderByteCount: options.maximumManifestByteCount)
      self.file = file
    } catch let error as WeightPackError {
      throw error.adding(path: path)
    }
    self.path = path
    self.tensors = header.tensors.map(\.descriptor)
  }

  /// `gguf`.
  public var formatName: String { "gguf" }
  /// Always empty: GGUF metadata is typed, see `typedMetadata`.
  public var metadata: [String: String] { [:] }
  /// The file's metadata in file order, with GGUF's value types.
  public var typedMetadata: [TypedMetadataEntry] { header.metadata }
  /// Always empty: GGUF files have no history.
  public var history: [HistoryEntry] { [] }

  /// Streams one tensor's bytes, little-endian and row-major, in pieces of at most 1 MiB
  /// (whole blocks for block types).
  ///
  /// - Throws: `WeightPackError` of kind `.truncated` (with path, tensor and offset) if the
  ///   file shrank since it was opened, or what `body` throws.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    let info = header.tensors[index]
    let unit = UInt64(info.descriptor.dtype.unitByteCount)
    let piece = UInt64(1 << 20) / unit * unit
    // `validatePlacement` proved this sum inside the file.
    let start = header.dataOffset + info.offset
    var done: UInt64 = 0
    do {
      while done < info.byteCount {
        let count = min(piece, info.byteCount - done)
        try body(try file.read(count: Int(count), at: start + done))
        done += count
      }
    } catch let error as WeightPackError {
      throw error.adding(path: path).adding(tensor: info.descriptor.name)
    }
  }

  /// The summary, with the file's GGUF version and its typed metadata.
  public func summary() -> FileSummary {
    FileSummary(
      format: formatName, version: String(header.version), metadata: [:],
      typedMetadata: typedMetadata, history: [],
      tensors: tensors.map { tensor in
        TensorSummary(
          name: tensor.name, dtype: tensor.dtype, shape: tensor.shape,
          byteCount: tensor.byteCount, storedByteCount: tensor.byteCount, codec: "raw",
          chunkCount: 1)
      })
  }
}
