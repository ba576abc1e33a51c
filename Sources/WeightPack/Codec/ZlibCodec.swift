internal import CZlib

/// The only code that calls zlib: deflate, bounded inflate and CRC-32.
///
/// Each call creates and ends its own `z_stream`, so it is safe from any thread.
enum ZlibCodec {
  /// Compresses `input` into a zlib stream, giving up if it would exceed `limit` bytes.
  ///
  /// - Parameters:
  ///   - input: The bytes to compress.
  ///   - strategy: How deflate searches for redundancy.
  ///   - limit: The largest acceptable stream, in bytes.
  /// - Returns: The stream, or `nil` when it would be longer than `limit` (the caller then
  ///   stores the bytes raw).
  static func deflate(
    _ input: UnsafeRawBufferPointer,
    strategy: DeflateStrategy,
    limit: Int
  ) -> [UInt8]? {
    // zlib counts bytes in 32 bits per call; a larger chunk is simply stored raw.
    guard limit > 0, input.count > 0, input.count <= Int(UInt32.max), limit <= Int(UInt32.max)
    else { return nil }
    let (level, zStrategy) = zlibParameters(strategy)
    var stream = z_stream()
    // memLevel 9 gives zlib its largest symbol buffer (32 Ki symbols per block), so
    // Huffman-only streams carry fewer code tables: about 0.1 % smaller on float weights.
    guard CZlib_deflateInit2(&stream, level, 15, 9, zStrategy) == Z_OK else { return nil }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: limit)
    let status = output.withUnsafeMutableBytes { out -> Int32 in
      // Safe because zlib reads at most avail_in bytes from next_in and writes at most
      // avail_out bytes to next_out, and both counts are the buffers' own sizes.
      stream.next_in = UnsafeMutablePointer(
        mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
      stream.avail_in = uInt(input.count)
      stream.next_out = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
      stream.avail_out = uInt(out.count)
      return CZlib.deflate(&stream, Z_FINISH)
    }
    guard status == Z_STREAM_END else { return nil }
    output.removeSubrange(Int(stream.total_out)...)
    return output
  }

  /// Decompresses one zlib stream into exactly `output.count` bytes.
  ///
  /// The output buffer's size is the manifest's decoded length, so a stream can never make
  /// this allocate or write more than the manifest allows (which defuses zlib bombs).
  ///
  /// - Parameters:
  ///   - input: Exactly one zlib stream, with nothing after it.
  ///   - output: Receives the decoded bytes; it must be filled exactly.
  /// - Throws: `WeightPackError` of kind `.decompressionFailed` when the stream is damaged,
  ///   decodes to more or fewer bytes than `output.count`, or has bytes after its end.
  static func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    throws
  {
    guard input.count <= Int(UInt32.max), output.count <= Int(UInt32.max) else {
      throw WeightPackError(
        .decompressionFailed(
          "a stream of \(input.count) bytes decoding to \(output.count) is past zlib's 4 GiB "
            + "per call"))
    }
    var stream = z_stream()
    guard CZlib_inflateInit2(&stream, 15) == Z_OK else {
      throw WeightPackError(.decompressionFailed("zlib could not start an inflate stream"))
    }
    defer { inflateEnd(&stream) }
    // Safe because zlib reads at most avail_in bytes and writes at most avail_out bytes, which
    // are the two buffers' sizes.
    stream.next_in = UnsafeMutablePointer(
      mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
    stream.avail_in = uInt(input.count)
    stream.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
    stream.avail_out = uInt(output.count)
    let status = CZlib.inflate(&stream, Z_FINISH)
    switch status {
    case Z_STREAM_END:
      guard stream.avail_out == 0 else {
        throw WeightPackError(
          .decompressionFailed(
            "stream decodes to \(stream.total_out) bytes, manifest says \(output.count)"))
      }
      guard stream.avail_in == 0 else {
        throw WeightPackError(
          .decompressionFailed("\(stream.avail_in) bytes follow the end of the stream"))
      }
    case Z_BUF_ERROR where stream.avail_out == 0, Z_OK where stream.avail_out == 0:
      throw WeightPackError(
        .decompressionFailed("stream decodes to more than the \(output.count) bytes recorded"))
    case Z_BUF_ERROR:
      throw WeightPackError(.decompressionFailed("stream ends early"))
    default:
      let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
      throw WeightPackError(.decompressionFailed(detail))
    }
  }

  /// Continues a CRC-32 (ISO 3309, as in zlib and PNG) over more bytes.
  ///
  /// - Parameters:
  ///   - crc: The CRC of the bytes before; 0 to start.
  ///   - bytes: The bytes to add.
  /// - Returns: The CRC of everything so far.
  static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
    // Safe because crc32_z reads exactly `count` bytes from `base`.
    return UInt32(
      CZlib.crc32_z(uLong(crc), base.assumingMemoryBound(to: UInt8.self), bytes.count))
  }

  private static func zlibParameters(_ strategy: DeflateStrategy) -> (Int32, Int32) {
    switch strategy {
    case .automatic, .huffmanOnly: return (6, Z_HUFFMAN_ONLY)
    case .runLength: return (6, Z_RLE)
    case .level(let level): return (Int32(clamping: level), Z_DEFAULT_STRATEGY)
    }
  }
}

// MARK: - Raw deflate streams (ZIP members)

// A ZIP member is one raw deflate stream (RFC 1951, no zlib header), usually far larger than
// a piece, so it is inflated and deflated incrementally. zlib keeps a pointer back to its
// `z_stream` and refuses a stream that has moved, so each stream lives in memory allocated
// once here and freed in `deinit`, never in a Swift property that may be moved.

extension ZlibCodec {
  /// An incremental raw-deflate decoder whose caller bounds every output.
  ///
  /// Not `Sendable`: one owner feeds it.
  final class RawInflater {
    private let stream: UnsafeMutablePointer<z_stream>
    /// Whether the stream's final block has been decoded.
    private(set) var isFinished = false

    /// Starts a raw inflate stream (`inflateInit2` with windowBits -15).
    ///
    /// - Throws: `WeightPackError` of kind `.decompressionFailed` if zlib cannot start.
    init() throws {
      stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      // Safe because the memory was just allocated for one z_stream.
      stream.initialize(to: z_stream())
      guard CZlib_inflateInitRaw(stream) == Z_OK else {
        stream.deallocate()
        throw WeightPackError(.decompressionFailed("zlib could not start an inflate stream"))
      }
    }

    deinit {
      // Safe because `stream` was initialised by inflateInit2 and is ended once, here.
      inflateEnd(stream)
      stream.deallocate()
    }

    /// Decodes from `input[inputStart...]` into at most `maximumOutput` bytes.
    ///
    /// - Parameters:
    ///   - input: Compressed bytes; those before `inputStart` were consumed earlier.
    ///   - inputStart: The index of the first unconsumed byte of `input`.
    ///   - maximumOutput: The most bytes to produce; the caller's bound.
    /// - Returns: The bytes produced (possibly none) and how many input bytes were consumed.
    /// - Throws: `WeightPackError` of kind `.decompressionFailed` for a damaged stream.
    func inflate(
      _ input: [UInt8],
      from inputStart: Int,
      maximumOutput: Int
    ) throws -> (output: [UInt8], consumed: Int) {
      precondition(inputStart >= 0 && inputStart <= input.count && maximumOutput >= 0)
      guard !isFinished, maximumOutput > 0 else { return ([], 0) }
      var output = [UInt8](repeating: 0, count: maximumOutput)
      let stream = self.stream
      let status = input.withUnsafeBytes { source in
        output.withUnsafeMutableBytes { target -> Int32 in
          // Safe because zlib reads at most avail_in bytes from next_in (the unconsumed
          // tail of `input`) and writes at most avail_out bytes to next_out (`output`), and
          // neither pointer is used after this closure returns.
          stream.pointee.next_in = UnsafeMutablePointer(
            mutating: source.baseAddress?.advanced(by: inputStart)
              .assumingMemoryBound(to: UInt8.self))
          stream.pointee.avail_in = uInt(input.count - inputStart)
          stream.pointee.next_out = target.baseAddress?.assumingMemoryBound(to: UInt8.self)
          stream.pointee.avail_out = uInt(target.count)
          let status = CZlib.inflate(stream, Z_NO_FLUSH)
          stream.pointee.next_in = nil
          stream.pointee.next_out = nil
          return status
        }
      }
      let produced = maximumOutput - Int(stream.pointee.avail_out)
      let consumed = input.count - inputStart - Int(stream.pointee.avail_in)
      switch status {
      case Z_STREAM_END:
        isFinished = true
      case Z_OK, Z_BUF_ERROR:
        break
      default:
        let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
        throw WeightPackError(.decompressionFailed(detail))
      }
      output.removeSubrange(produced...)
      return (output, consumed)
    }
  }

  /// An incremental raw-deflate encoder (`deflateInit2` with windowBits -15).
  ///
  /// Not `Sendable`: one owner feeds it.
  final class RawDeflater {
    private let stream: UnsafeMutablePointer<z_stream>

    /// Starts a raw deflate stream at `level` (1 fastest to 9 smallest; 6 is zlib's default).
    ///
    /// - Throws: `WeightPackError` of kind `.decompressionFailed` if zlib cannot start.
    init(level: Int) throws {
      stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      // Safe because the memory was just allocated for one z_stream.
      stream.initialize(to: z_stream())
      guard CZlib_deflateInitRaw(stream, Int32(clamping: level)) == Z_OK else {
        stream.deallocate()
        throw WeightPackError(.decompressionFailed("zlib could not start a deflate stream"))
      }
    }

    deinit {
      // Safe because `stream` was initialised by deflateInit2 and is ended once, here.
      deflateEnd(stream)
      stream.deallocate()
    }

    /// Compresses `input` and returns the compressed bytes zlib has ready.
    ///
    /// - Parameters:
    ///   - input: The next uncompressed bytes; may be empty.
    ///   - finish: Whether this is the end: the stream's last block is then written.
    /// - Returns: Compressed bytes, possibly none until zlib has filled a block.
    func deflate(_ input: [UInt8], finish: Bool) -> [UInt8] {
      let stream = self.stream
      var result: [UInt8] = []
      var window = [UInt8](repeating: 0, count: 64 << 10)
      input.withUnsafeBytes { source in
        // Safe because zlib reads at most avail_in bytes from next_in, all inside `input`.
        stream.pointee.next_in = UnsafeMutablePointer(
          mutating: source.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = uInt(source.count)
        while true {
          let (status, produced) = window.withUnsafeMutableBytes { target -> (Int32, Int) in
            // Safe because zlib writes at most avail_out bytes, the size of `window`.
            stream.pointee.next_out = target.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = uInt(target.count)
            let status = CZlib.deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
            stream.pointee.next_out = nil
            return (status, target.count - Int(stream.pointee.avail_out))
          }
          result += window[0..<produced]
          let isDone =
            finish
            ? status == Z_STREAM_END : stream.pointee.avail_in == 0 && produced < window.count
          // Z_STREAM_ERROR cannot happen with a valid stream and flush value; stop anyway.
          if isDone || status == Z_STREAM_ERROR { break }
        }
        stream.pointee.next_in = nil
      }
      return result
    }
  }
}
