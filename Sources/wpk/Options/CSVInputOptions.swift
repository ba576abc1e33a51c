import WeightPack

/// The options that say how CSV input is read: `--delimiter`, `--header`, `--no-header`,
/// `--missing` and `--name`.
struct CSVInputOptions {
  static let specs: [OptionSpec] = [
    OptionSpec(
      name: "delimiter", valueName: "char",
      help: "The CSV field separator; detected from the first line when not given.",
      values: [",", ";", "tab"]),
    OptionSpec(name: "header", help: "The CSV's first row holds column names."),
    OptionSpec(name: "no-header", help: "The CSV's first row is data."),
    OptionSpec(
      name: "missing", valueName: "value", help: "Read empty CSV cells as this value.",
      values: ["nan"]),
    OptionSpec(
      name: "name", valueName: "name",
      help: "The tensor a CSV file becomes; the file's name when not given."),
  ]

  /// The CSV reading options given.
  var csv = CSVOptions()

  init(_ arguments: ParsedArguments) throws {
    switch arguments.value("delimiter") {
    case "tab": csv.delimiter = 0x09
    case let text?: csv.delimiter = text.utf8.first
    case nil: break
    }
    if arguments.flag("header") && arguments.flag("no-header") {
      throw UsageError.conflict("'--header' and '--no-header' cannot be used together")
    }
    if arguments.flag("header") { csv.header = .present }
    if arguments.flag("no-header") { csv.header = .absent }
    csv.missingAsNaN = arguments.value("missing") == "nan"
    csv.tensorName = arguments.value("name")
  }
}
