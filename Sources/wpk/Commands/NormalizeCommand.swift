import WeightPack

/// `wpk normalize`: rescales each column of 2-D float tensors, or undoes it.
struct NormalizeCommand: Command {
  static let spec = CommandSpec(
    name: "normalize",
    abstract: "Normalize the columns of 2-D tensors, or restore them.",
    discussion: """
      Each column of every 2-D float tensor whose name matches --tensors is rescaled as \
      scikit-learn's scalers do (features in columns): minmax maps [min, max] onto --range; \
      zscore subtracts the mean and divides by the population standard deviation. A \
      constant column becomes the range's lower end (minmax) or 0 (zscore). NaNs are \
      ignored when fitting and stay NaN. The fitted parameters are stored beside each \
      tensor t as F64 tensors (t.scaler.scale, t.scaler.min, ...) with a 'scaler.t' \
      metadata entry, so that --inverse restores the original values within float \
      rounding. Tensors stream chunk by chunk: one pass fits, a second writes.
      """,
    arguments: [
      ArgumentSpec(name: "input", help: "The file or directory to read."),
      ArgumentSpec(name: "output", help: "The file or directory to write."),
    ],
    options: [
      OptionSpec(
        name: "method", valueName: "method", help: "How to rescale each column.",
        values: ["minmax", "zscore"]),
      ScalerOptions.rangeSpec,
      OptionSpec(
        name: "tensors", valueName: "glob",
        help: "Normalize the tensors whose names match this pattern.", defaultValue: "*"),
      OptionSpec(name: "inverse", help: "Restore the values a normalize step changed."),
      ReadingOptions.formatSpec,
      OutputTarget.formatSpec,
      OptionSpec(name: "force", help: "Replace <output> if it exists."),
    ] + CSVInputOptions.specs + ReadingOptions.limitSpecs + VerbosityOptions.specs)

  var input: String
  var output: String
  var outputFormat: String?
  var reading: ReadingOptions
  var method: ScalerMethod?
  var pattern: String
  var write = WriteOptions()

  init(parsing arguments: ParsedArguments) throws {
    input = arguments.positionals[0]
    output = arguments.positionals[1]
    outputFormat = arguments.value("to")
    reading = try ReadingOptions(arguments)
    reading.read.csv = try CSVInputOptions(arguments).csv
    VerbosityOptions.apply(arguments)
    pattern = arguments.value("tensors") ?? "*"
    write.overwrite = arguments.flag("force")
    if arguments.flag("inverse") {
      if arguments.value("method") != nil || arguments.value("range") != nil {
        throw UsageError.conflict("'--inverse' reads the method and range from the file")
      }
      if arguments.value("tensors") != nil {
        throw UsageError.conflict("'--inverse' restores every normalized tensor; drop '--tensors'")
      }
    } else {
      guard let name = arguments.value("method") else {
        throw UsageError.conflict("'--method minmax' or '--method zscore' is required")
      }
      method = try ScalerOptions.method(named: name, arguments)
    }
  }

  func run() throws -> Int32 {
    let target = try OutputTarget(path: output, formatName: outputFormat)
    let base = try reading.open(input)
    let source: any TensorSource
    var parameters = ["tensors": pattern]
    if let method {
      let normalized = try NormalizingSource(base, method: method, pattern: pattern) { event in
        Terminal.shared.progress("fitting: \(event.tensorName)")
      }
      Terminal.shared.endProgress()
      guard !normalized.normalizedNames.isEmpty else {
        throw WeightPackError(
          .invalidOption(name: "tensors", reason: "no 2-D float tensor matches '\(pattern)'"),
          path: input)
      }
      if !normalized.skippedNames.isEmpty {
        Terminal.shared.note(
          "note: kept as they are (not 2-D floats): "
            + normalized.skippedNames.joined(separator: ", "))
      }
      parameters["method"] = method.name
      if case .minMax(let lower, let upper) = method { parameters["range"] = "\(lower),\(upper)" }
      source = normalized
    } else {
      source = try InverseNormalizingSource(base)
      parameters["inverse"] = "true"
    }
    let step = HistoryEntry(
      operation: "normalize", parameters: parameters, tool: "wpk \(WeightPackVersion.string)",
      time: Clock.timestamp())
    try target.write(source, options: write, choosesCodec: false, step: step, verb: "writing")
    return 0
  }
}
