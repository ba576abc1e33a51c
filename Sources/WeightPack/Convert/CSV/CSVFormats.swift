extension WeightFormat {
  /// A numeric CSV file: one 2-D tensor (see `CSVSource` and `CSVSink`); a `.tsv` name means
  /// tab-separated unless a delimiter is given.
  public static let csv = WeightFormat(
    name: "csv", summary: "numeric CSV, one 1-D or 2-D tensor", extensions: ["csv", "tsv"],
    holdsOneTensor: true,
    openSource: { path, options in
      try CSVSource(path: path, options: csvOptions(options.csv, for: path))
    },
    createSink: { path, options in
      var options = options
      options.csv = csvOptions(options.csv, for: path)
      return try CSVSink(path: path, options: options)
    })

  /// `options` with a tab delimiter for a `.tsv` file when none was chosen.
  private static func csvOptions(_ options: CSVOptions, for path: String) -> CSVOptions {
    var options = options
    if options.delimiter == nil, fileExtension(of: path)?.lowercased() == "tsv" {
      options.delimiter = 0x09
    }
    return options
  }
}
