import WeightPack

/// A `wpk` subcommand: a static description, parsing, cross-option checks, then the work.
protocol Command: Sendable {
  /// The description that drives parsing and help.
  static var spec: CommandSpec { get }

  /// Reads the parsed command line into typed fields.
  ///
  /// - Throws: `UsageError` for values that do not parse.
  init(parsing arguments: ParsedArguments) throws

  /// Checks rules that involve several options.
  ///
  /// - Throws: `UsageError`.
  func validate() throws

  /// Does the work and returns the exit status (0 success, 1 failure).
  ///
  /// - Throws: `WeightPackError`, which the caller prints and turns into status 1.
  func run() throws -> Int32
}

extension Command {
  func validate() throws {}
}

/// Options shared by the commands that read files: the reader's limits and verbosity.
struct ReadingOptions {
  /// The `--from` option.
  static let formatSpec = OptionSpec(
    name: "from", valueName: "format",
    help: "The input's format, when its name does not tell.",
    values: formatNames(readable: true))

  /// The reader's limits.
  static let limitSpecs: [OptionSpec] = [
    OptionSpec(
      name: "max-manifest-bytes", valueName: "bytes",
      help: "Refuse a .wpk manifest, GGUF header or .npz directory larger than this.",
      defaultValue: "64M"),
    OptionSpec(
      name: "max-chunk-bytes", valueName: "bytes",
      help: "Refuse .wpk chunks that decode to more than this.", defaultValue: "1G"),
  ]

  /// All the shared options, in help order.
  static let specs = [formatSpec] + limitSpecs

  /// The `--from` format name, if given.
  var format: String?
  /// The reader's limits.
  var read = ReadOptions()

  init(_ arguments: ParsedArguments) throws {
    format = arguments.value("from")
    let limit = Int.max
    if let bytes = try arguments.integer("max-manifest-bytes", in: 1...limit, allowsSuffix: true) {
      read.maximumManifestByteCount = UInt64(bytes)
    }
    if let bytes = try arguments.integer("max-chunk-bytes", in: 1...limit, allowsSuffix: true) {
      read.maximumChunkByteCount = UInt64(bytes)
    }
  }

  /// Opens `path` in the given or detected format.
  func open(_ path: String) throws -> any TensorSource {
    let format = try self.format.map(WeightFormat.named) ?? WeightFormat.detect(input: path)
    guard let open = format.openSource else {
      throw WeightPackError(
        .unsupportedDirection(format: format.name, direction: "reading"), path: path)
    }
    return try open(path, read)
  }
}

/// The `--quiet` and `--verbose` flags.
enum VerbosityOptions {
  static let specs: [OptionSpec] = [
    OptionSpec(name: "quiet", short: "q", help: "Print nothing on stderr but errors."),
    OptionSpec(name: "verbose", short: "v", help: "Print a line for each tensor on stderr."),
  ]

  /// Applies the flags to the terminal.
  static func apply(_ arguments: ParsedArguments) {
    if arguments.flag("quiet") {
      Terminal.shared.setVerbosity(.quiet)
    } else if arguments.flag("verbose") {
      Terminal.shared.setVerbosity(.verbose)
    }
  }
}

/// The names of the registered formats that can be read (or written).
func formatNames(readable: Bool) -> [String] {
  WeightFormat.all.filter { readable ? $0.openSource != nil : $0.createSink != nil }.map(\.name)
}
