/// A file format WeightPack can read, write, or both, and how to recognise it.
///
/// Every format registers itself in `WeightFormat.all`; the CLI's `convert`, `inspect` and
/// `verify` only ever go through this list, so adding a format touches no command.
public struct WeightFormat: Sendable {
  /// The name used by `--from` / `--to`, such as `wpk`.
  public let name: String
  /// One line for help text.
  public let summary: String
  /// Whether the format is a directory of files rather than one file.
  public let isDirectory: Bool
  /// The file name endings (without the leading dot) that select this format; the longest
  /// match wins (`safetensors.index.json` over a plain `json`).
  public let extensions: [String]
  /// Whether a file of this format holds exactly one tensor (as `.npy` does).
  public let holdsOneTensor: Bool
  /// How the format stores tensors when the user does not choose (`--compress`), or `nil`
  /// if it has no choice of codec (then `WriteOptions.codec` is ignored).
  public let defaultCodec: Codec?
  /// Opens a file of this format for reading, or `nil` if the format cannot be read.
  public let openSource: (@Sendable (String, ReadOptions) throws -> any TensorSource)?
  /// Creates an output of this format, or `nil` if the format cannot be written.
  public let createSink: (@Sendable (String, WriteOptions) throws -> any TensorSink)?

  /// Registers a format.
  public init(
    name: String,
    summary: String,
    isDirectory: Bool = false,
    extensions: [String],
    holdsOneTensor: Bool = false,
    defaultCodec: Codec? = nil,
    openSource: (@Sendable (String, ReadOptions) throws -> any TensorSource)?,
    createSink: (@Sendable (String, WriteOptions) throws -> any TensorSink)?
  ) {
    self.name = name
    self.summary = summary
    self.isDirectory = isDirectory
    self.extensions = extensions
    self.holdsOneTensor = holdsOneTensor
    self.defaultCodec = defaultCodec
    self.openSource = openSource
    self.createSink = createSink
  }

  /// Every format, in the order help lists them.
  public static let all: [WeightFormat] =
    [.wpk] + npyFormats + [.npz] + safetensorsFormats + [.gguf, .csv]

  /// The `.wpk` container.
  public static let wpk = WeightFormat(
    name: "wpk", summary: "WeightPack container (.wpk)", extensions: ["wpk"],
    defaultCodec: .zlib,
    openSource: { path, options in try WeightFile(path: path, options: options) },
    createSink: { path, options in try WeightWriter(path: path, options: options) })

  /// The format named `name` (`--from` / `--to`).
  ///
  /// - Throws: `WeightPackError` of kind `.unknownFormat` listing the known names.
  public static func named(_ name: String) throws -> WeightFormat {
    guard let format = all.first(where: { $0.name == name.lowercased() }) else {
      let names = all.map(\.name).joined(separator: ", ")
      throw WeightPackError(.unknownFormat("no format named '\(name)' (formats: \(names))"))
    }
    return format
  }

  /// The format of an existing input: a directory selects a directory format; otherwise the
  /// extension decides.
  ///
  /// - Throws: `WeightPackError` of kind `.fileNotFound` or `.unknownFormat`.
  public static func detect(input path: String) throws -> WeightFormat {
    guard pathExists(path) else { throw WeightPackError(.fileNotFound, path: path) }
    if isDirectoryPath(path) {
      guard let format = all.first(where: { $0.isDirectory && $0.openSource != nil }) else {
        throw WeightPackError(.unknownFormat("no format reads directories"), path: path)
      }
      return format
    }
    return try detect(byExtensionOf: path)
  }

  /// The format of an output: a path ending in `/`, or an existing directory, selects a
  /// directory format; otherwise the extension decides.
  ///
  /// - Throws: `WeightPackError` of kind `.unknownFormat`.
  public static func detect(output path: String) throws -> WeightFormat {
    if path.hasSuffix("/") || isDirectoryPath(path) || fileExtension(of: path) == nil {
      if let format = all.first(where: { $0.isDirectory && $0.createSink != nil }) {
        return format
      }
    }
    return try detect(byExtensionOf: path)
  }

  private static func detect(byExtensionOf path: String) throws -> WeightFormat {
    // The longest matching extension wins, so `x.safetensors.index.json` is an index.
    let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
    let candidates = all.filter { !$0.isDirectory }.flatMap { format in
      format.extensions.filter { name.hasSuffix("." + $0) }.map { (format, $0.count) }
    }
    guard let format = candidates.max(by: { $0.1 < $1.1 })?.0 else {
      let ext = fileExtension(of: path)?.lowercased() ?? ""
      let known = all.flatMap(\.extensions).map { "." + $0 }.joined(separator: ", ")
      throw WeightPackError(
        .unknownFormat("unknown extension '\(ext)' (known: \(known); or use --from/--to)"),
        path: path)
    }
    return format
  }
}

/// The extension of the last path component, without the dot, or `nil`.
func fileExtension(of path: String) -> String? {
  let name = path.split(separator: "/").last.map(String.init) ?? path
  guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
  return String(name[name.index(after: dot)...])
}
