import Foundation
import WeightPack

/// `wpk convert`: copies every tensor from one format to another, streaming.
struct ConvertCommand: Command {
  static let spec = CommandSpec(
    name: "convert",
    abstract: "Convert a weights file from one format to another.",
    discussion: """
      Formats are inferred from the names (.wpk, .npy, .npz, .safetensors, \
      model.safetensors.index.json, .gguf, .csv, or a directory of .npy files) or given \
      with --from and --to. Tensors are streamed chunk by chunk, so memory stays \
      small whatever the file's size. The output is written to a temporary file beside it \
      and renamed into place only when complete; an existing output is replaced only with \
      --force.
      """,
    arguments: [
      ArgumentSpec(name: "input", help: "The file or directory to read."),
      ArgumentSpec(name: "output", help: "The file or directory to write."),
    ],
    options: [
      ReadingOptions.formatSpec,
      OutputTarget.formatSpec,
      OptionSpec(
        name: "compress", valueName: "codec",
        help:
          "How .wpk and .npz output store tensors; .npz is stored unless zlib or --level is given.",
        defaultValue: "zlib", values: ["zlib", "none"]),
      OptionSpec(
        name: "level", valueName: "n",
        help:
          "Use LZ77 deflate at level 1-9 for every tensor instead of the default: "
          + "Huffman-only for floats, run-length for integers."),
      OptionSpec(
        name: "chunk-size", valueName: "bytes",
        help: "Decoded bytes per .wpk chunk; K, M and G suffixes are binary.",
        defaultValue: "1M"),
      OptionSpec(
        name: "dtype", valueName: "dtype",
        help:
          "Cast floating-point tensors to this dtype, rounding to nearest even; other "
          + "tensors are copied as they are.",
        values: ["F64", "F32", "F16", "BF16"]),
      OptionSpec(
        name: "normalize", valueName: "method",
        help: "Normalize each column of 2-D float tensors, as `wpk normalize` does.",
        values: ["minmax", "zscore"]),
      ScalerOptions.rangeSpec,
      OptionSpec(name: "force", help: "Replace <output> if it exists."),
    ] + SelectionOptions.specs + CSVInputOptions.specs + ReadingOptions.limitSpecs
      + VerbosityOptions.specs)

  var input: String
  var output: String
  var outputFormat: String?
  var reading: ReadingOptions
  var write = WriteOptions()
  var dtype: DType?
  var parameters: [String: String] = [:]
  var givesCodecOptions = false
  var givesChunkSize = false
  var choosesCodec = false
  var selection: SelectionOptions
  var scaler: ScalerMethod?

  init(parsing arguments: ParsedArguments) throws {
    input = arguments.positionals[0]
    output = arguments.positionals[1]
    outputFormat = arguments.value("to")
    reading = try ReadingOptions(arguments)
    reading.read.csv = try CSVInputOptions(arguments).csv
    selection = try SelectionOptions(arguments)
    VerbosityOptions.apply(arguments)
    write.overwrite = arguments.flag("force")
    if arguments.value("compress") == "none" { write.codec = .raw }
    // A level asks for deflate, so it chooses the zlib codec where a format has a choice.
    choosesCodec = arguments.value("compress") != nil || arguments.value("level") != nil
    if let level = try arguments.integer("level", in: 1...9) {
      write.strategy = .level(level)
      parameters["level"] = String(level)
    }
    if let bytes = try arguments.integer("chunk-size", in: 64...(1 << 30), allowsSuffix: true) {
      guard bytes % 64 == 0 else {
        throw UsageError.invalidValue(
          option: "chunk-size", value: arguments.value("chunk-size") ?? "",
          reason: "must be a multiple of 64")
      }
      write.chunkByteCount = bytes
    }
    if let name = arguments.value("dtype") {
      dtype = DType(rawValue: name)
      parameters["dtype"] = dtype?.rawValue
      // CSV text is parsed straight to F64 rather than through F32.
      if dtype == .float64 { reading.read.csv.dtype = .float64 }
    }
    if let method = arguments.value("normalize") {
      scaler = try ScalerOptions.method(named: method, arguments)
      parameters["normalize"] = method
    } else if arguments.value("range") != nil {
      throw UsageError.conflict("'--range' needs '--normalize minmax'")
    }
    if case .minMax(let lower, let upper)? = scaler { parameters["range"] = "\(lower),\(upper)" }
    parameters["compress"] = write.codec == .raw ? "none" : "zlib"
    parameters["chunk_size"] = String(write.chunkByteCount)
    givesCodecOptions = arguments.value("compress") != nil || arguments.value("level") != nil
    givesChunkSize = arguments.value("chunk-size") != nil
  }

  func validate() throws {
    if write.codec == .raw, case .level = write.strategy {
      throw UsageError.conflict("'--level' has no effect with '--compress none'")
    }
  }

  func run() throws -> Int32 {
    var source = try selection.apply(to: try reading.open(input))
    if let dtype {
      let cast = try CastingSource(source, to: dtype)
      if !cast.uncastNames.isEmpty {
        Terminal.shared.detail(
          "note: \(Formatting.count(cast.uncastNames.count, "tensor")) kept "
            + "(not F64, F32, F16 or BF16): " + cast.uncastNames.joined(separator: ", "))
      }
      source = cast
    }
    if let scaler {
      source = try NormalizingSource(source, method: scaler) { event in
        Terminal.shared.progress("fitting the scaler: \(event.tensorName)")
      }
    }
    let target = try OutputTarget(path: output, formatName: outputFormat)
    if givesCodecOptions && target.format.defaultCodec == nil {
      Terminal.shared.note(
        "note: --compress and --level apply to .wpk and .npz output only; ignored")
    }
    if givesChunkSize && target.format.name != "wpk" {
      Terminal.shared.note("note: --chunk-size applies to .wpk output only; ignored")
    }
    var step = parameters
    step["from"] = source.formatName
    step["to"] = target.format.name
    step["source"] = input.split(separator: "/").last.map(String.init) ?? input
    let entry = HistoryEntry(
      operation: "convert", parameters: step,
      tool: "wpk \(WeightPackVersion.string)", time: Clock.timestamp())
    try target.write(
      source, options: write, choosesCodec: choosesCodec, step: entry, verb: "converting")
    return 0
  }
}

/// The time recorded in history entries.
enum Clock {
  /// Now in UTC as ISO 8601 seconds, or `SOURCE_DATE_EPOCH` when set (for reproducible
  /// output, as in reproducible-builds.org).
  static func timestamp() -> String {
    let environment = ProcessInfo.processInfo.environment
    let seconds =
      environment["SOURCE_DATE_EPOCH"].flatMap(Double.init) ?? Date().timeIntervalSince1970
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date(timeIntervalSince1970: seconds))
  }
}
