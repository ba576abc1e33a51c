/// How CSV text is read and written.
public struct CSVOptions: Sendable, Hashable {
  /// Whether the first record holds column names.
  public enum HeaderMode: Sendable, Hashable {
    /// A header is assumed when the first record has a field that is neither empty nor a
    /// number.
    case automatic
    /// The first record is a header.
    case present
    /// The first record is data.
    case absent
  }

  /// The field separator: `,`, `;` or tab.
  ///
  /// `nil` detects it from the first line (the most frequent of the three outside quotes, `,`
  /// when none appears); writing uses `,` for `nil`.
  public var delimiter: UInt8?

  /// Whether the first record holds column names.
  ///
  /// Default `.automatic`.
  public var header = HeaderMode.automatic

  /// The dtype of the tensor a CSV file becomes: `.float32` (default) or `.float64`.
  public var dtype = DType.float32

  /// The tensor's name; `nil` for the file's name without its extension.
  public var tensorName: String?

  /// Whether empty cells become NaN instead of being an error.
  ///
  /// Default `false`.
  public var missingAsNaN = false

  /// The longest record accepted, in bytes; a longer one is refused rather than buffered.
  ///
  /// Default 64 MiB.
  public var maximumRecordByteCount = 64 << 20

  /// Creates the default options.
  public init() {}

  /// The metadata key under which a CSV source stores its column names, as a JSON array of
  /// strings, and from which a CSV sink writes its header row.
  public static let columnsMetadataKey = "csv.columns"
}
