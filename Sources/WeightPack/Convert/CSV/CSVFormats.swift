extension WeightFormat {
  /// A numeric CSV file: one 2-D tensor (see `CSVSource` and `CSVSink`).
  public static let csv = WeightFormat(
    name: "csv", summary: "numeric CSV, one 1-D or 2-D tensor", extensions: ["csv", "tsv"],
    holdsOneTensor: true,
    openSource: { path, options in
      var csv = options.csv
      if csv.delimiter == nil, fileExtension(of: path)?.lowercased() == "tsv" {
        csv.delimiter = 0x09
      }
      return try CSVSource(path: path, options: csv)
    },
    createSink: { path, options in
      var options = options
      if options.csv.delimiter == nil, fileExtension(of: path)?.lowercased() == "tsv" {
        options.csv.delimiter = 0x09
      }
      return try CSVSink(path: path, options: options)
    })
}
