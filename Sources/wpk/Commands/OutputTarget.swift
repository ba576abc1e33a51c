import WeightPack

/// Where a command writes: the output's path and format, checked before any work starts.
struct OutputTarget {
  /// The `--to` option of the commands that write.
  static let formatSpec = OptionSpec(
    name: "to", valueName: "format", help: "The output's format, when its name does not tell.",
    values: formatNames(readable: false))

  /// The output path.
  let path: String
  /// The format given with `--to`, or detected from the path.
  let format: WeightFormat

  /// Resolves the output's format.
  ///
  /// - Throws: `WeightPackError` of kind `.unknownFormat` or `.unsupportedDirection`.
  init(path: String, formatName: String?) throws {
    self.path = path
    self.format = try formatName.map(WeightFormat.named) ?? WeightFormat.detect(output: path)
    guard format.createSink != nil else {
      throw WeightPackError(
        .unsupportedDirection(format: format.name, direction: "writing"), path: path)
    }
  }

  /// Streams `source` into the output and prints the closing line.
  ///
  /// - Parameters:
  ///   - source: What to write.
  ///   - options: The writer's options; the format's default codec applies unless
  ///     `choosesCodec`.
  ///   - choosesCodec: Whether the user chose the codec with `--compress`.
  ///   - step: The history entry to append.
  ///   - verb: The progress line's verb, such as `converting`.
  /// - Throws: `WeightPackError` of kind `.tensorCountUnsupported`, or what the conversion
  ///   throws; the output is then left as it was.
  func write(
    _ source: any TensorSource,
    options: WriteOptions,
    choosesCodec: Bool,
    step: HistoryEntry,
    verb: String
  ) throws {
    if format.holdsOneTensor && source.tensors.count != 1 {
      throw WeightPackError(
        .tensorCountUnsupported(format: format.name, count: source.tensors.count), path: path)
    }
    var options = options
    if !choosesCodec, let codec = format.defaultCodec { options.codec = codec }
    guard let create = format.createSink else { return }
    try Converter.convert(source, to: try create(path, options), step: step) { event in
      let percent = event.bytesTotal == 0 ? 100 : event.bytesDone * 100 / event.bytesTotal
      Terminal.shared.progress(
        "\(verb): \(percent)% (\(event.tensorIndex + 1)/\(event.tensorCount)) "
          + event.tensorName)
    }
    Terminal.shared.endProgress()
    for tensor in source.tensors {
      Terminal.shared.detail("  \(tensor.name) \(tensor.dtype.rawValue) \(tensor.shape)")
    }
    Terminal.shared.note(
      "wrote \(path) (\(format.name), \(Formatting.count(source.tensors.count, "tensor")))")
  }
}
