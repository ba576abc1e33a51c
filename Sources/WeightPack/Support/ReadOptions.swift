/// Limits a reader enforces on untrusted files, and whether it checks checksums.
///
/// Every size a file declares is compared with these before anything is allocated from it.
public struct ReadOptions: Sendable, Hashable {
  /// The largest manifest a reader loads, in bytes.
  ///
  /// Default 64 MiB: a manifest lists about 100 bytes per chunk, so this covers over half a million
  /// chunks (a 500 GB model at the default 1 MiB chunk size) while bounding what a hostile trailer
  /// can make us allocate.
  public var maximumManifestByteCount: UInt64 = 64 << 20

  /// The largest decoded chunk a reader allocates, in bytes.
  ///
  /// Default 1 GiB.
  public var maximumChunkByteCount: UInt64 = 1 << 30

  /// The most dimensions a tensor may have.
  ///
  /// Default 64.
  public var maximumRank = 64

  /// The deepest nesting of arrays and objects the manifest parser accepts.
  ///
  /// Default 64.
  public var maximumJSONDepth = 64

  /// Whether reads compare each chunk's CRC-32 with the manifest.
  ///
  /// Default `true`.
  public var verifiesChecksums = true

  /// How many chunks are decoded at once, each on its own core.
  ///
  /// Default: one per core.
  public var workerCount = defaultWorkerCount

  /// How CSV input is read: delimiter, header, dtype, tensor name, missing values.
  public var csv = CSVOptions()

  /// Creates the default options.
  public init() {}
}
