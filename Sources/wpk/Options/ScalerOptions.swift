import WeightPack

/// Parses a scaler method (`minmax`, `zscore`) and its `--range A,B`.
enum ScalerOptions {
  /// The `--range` option.
  static let rangeSpec = OptionSpec(
    name: "range", valueName: "a,b",
    help: "The interval min-max scaling maps each column onto.", defaultValue: "0,1")

  /// The method named `name`, with the range given by `--range`.
  ///
  /// - Throws: `UsageError` for a malformed range, or a range with `zscore`.
  static func method(named name: String, _ arguments: ParsedArguments) throws -> ScalerMethod {
    let range = arguments.value("range")
    guard name == "minmax" else {
      if range != nil { throw UsageError.conflict("'--range' applies to minmax only") }
      return .zScore
    }
    guard let text = range else { return .minMax(lower: 0, upper: 1) }
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count == 2, let lower = Double(parts[0]), let upper = Double(parts[1]),
      lower.isFinite, upper.isFinite, lower < upper
    else {
      throw UsageError.invalidValue(
        option: "range", value: text, reason: "expected two numbers A,B with A < B")
    }
    return .minMax(lower: lower, upper: upper)
  }
}
