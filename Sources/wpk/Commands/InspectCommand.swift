import WeightPack

/// `wpk inspect`: shows a file's tensors, metadata and history from its headers alone.
struct InspectCommand: Command {
  static let spec = CommandSpec(
    name: "inspect",
    abstract: "Show the tensors, metadata and history of a weights file.",
    discussion: """
      Only headers are read (for .wpk: the preamble, trailer and manifest), so inspecting \
      a file takes the same time whatever its size. Shapes are row-major, outermost \
      dimension first, as in NumPy.
      """,
    arguments: [ArgumentSpec(name: "file", help: "The file (or directory of .npy) to inspect.")],
    options: [
      OptionSpec(name: "json", help: "Print one JSON object instead of a table.")
    ] + ReadingOptions.specs)

  var path: String
  var json: Bool
  var reading: ReadingOptions

  init(parsing arguments: ParsedArguments) throws {
    path = arguments.positionals[0]
    json = arguments.flag("json")
    reading = try ReadingOptions(arguments)
  }

  func run() throws -> Int32 {
    let summary = try reading.open(path).summary()
    Terminal.shared.output(json ? InspectReport.json(summary) : InspectReport.text(summary, path))
    return 0
  }
}
