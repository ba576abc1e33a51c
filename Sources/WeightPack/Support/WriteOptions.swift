/// How a `WeightWriter` encodes and places the file it writes.
public struct WriteOptions: Sendable {
  /// How tensor chunks are stored.
  ///
  /// Default `.zlib`.
  public var codec: Codec = .zlib

  /// How deflate runs.
  ///
  /// Default `.automatic`: Huffman-only coding for floating-point tensors (on weights it
  /// compresses better than level 6 and several times faster) and run-length coding for
  /// integers and `BOOL`.
  public var strategy: DeflateStrategy = .automatic

  /// The decoded length of each chunk but a tensor's last, in bytes.
  ///
  /// Default 1 MiB.
  ///
  /// It is rounded down to a multiple of 64 (so stored tensors stay contiguous) and of the
  /// dtype's unit; it must be 64 to 1 GiB.
  public var chunkByteCount = 1 << 20

  /// The shortest manifest, in bytes of JSON text, that is stored deflated.
  ///
  /// Default 4096. Manifests grow by about 100 bytes per chunk, so on a large model they are
  /// worth deflating (to about a fifth); a short one stays plain JSON, readable in a hex
  /// dump. Only applies with the `.zlib` codec; with `.raw` nothing is deflated.
  public var manifestCompressionThreshold = 4096

  /// The longest manifest text the writer produces, in bytes; a longer one is an error.
  ///
  /// Default: `ReadOptions`' default limit (64 MiB), since a file whose manifest readers
  /// refuse by default would be of no use.
  public var maximumManifestByteCount = ReadOptions().maximumManifestByteCount

  /// How CSV output is written; only `delimiter` applies.
  public var csv = CSVOptions()

  /// Whether an existing file at the destination may be replaced.
  ///
  /// Default `false`.
  public var overwrite = false

  /// How many chunks are compressed at once, each on its own core.
  ///
  /// Default: one per core.
  public var workerCount = defaultWorkerCount

  /// Creates the default options.
  public init() {}

  /// Checks the options' ranges.
  ///
  /// - Throws: `WeightPackError` of kind `.invalidOption`.
  func validate() throws {
    guard chunkByteCount >= 64, chunkByteCount <= 1 << 30 else {
      throw WeightPackError(
        .invalidOption(
          name: "chunk size", reason: "\(chunkByteCount) bytes, must be 64 to 1073741824"))
    }
    if case .level(let level) = strategy, !(1...9).contains(level) {
      throw WeightPackError(.invalidOption(name: "level", reason: "\(level), must be 1 to 9"))
    }
    guard workerCount >= 1 else {
      throw WeightPackError(.invalidOption(name: "worker count", reason: "must be at least 1"))
    }
  }
}
