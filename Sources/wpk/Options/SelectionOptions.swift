import WeightPack

/// `--tensor NAME` (keep one tensor) and `--reshape ROWS,COLUMNS` (give the one tensor a new
/// shape; one dimension may be -1).
struct SelectionOptions {
  static let specs: [OptionSpec] = [
    OptionSpec(name: "tensor", valueName: "name", help: "Keep only this tensor."),
    OptionSpec(
      name: "reshape", valueName: "dims",
      help: "Give the one tensor this shape, such as 64,-1 (-1 is inferred)."),
  ]

  /// The tensor to keep.
  var tensor: String?
  /// The new shape, `nil` where -1 asks for inference.
  var reshape: [UInt64?]?

  init(_ arguments: ParsedArguments) throws {
    tensor = arguments.value("tensor")
    if let text = arguments.value("reshape") {
      let parts = text.split(separator: ",", omittingEmptySubsequences: false)
      let dimensions = parts.map { part -> UInt64?? in
        part == "-1" ? .some(nil) : UInt64(part).map { .some($0) }
      }
      guard !parts.isEmpty, dimensions.allSatisfy({ $0 != nil }) else {
        throw UsageError.invalidValue(
          option: "reshape", value: text, reason: "expected dimensions such as 64,-1")
      }
      reshape = dimensions.map { $0 ?? nil }
    }
  }

  /// `source` with the selection and the new shape applied.
  func apply(to source: any TensorSource) throws -> any TensorSource {
    var result = source
    if let tensor { result = try SelectedSource(result, names: [tensor]) }
    guard let reshape else { return result }
    guard result.tensors.count == 1 else {
      throw WeightPackError(
        .invalidOption(
          name: "reshape",
          reason: "applies to one tensor and the input has \(result.tensors.count) "
            + "(choose one with --tensor)"),
        path: source.path)
    }
    return try ReshapedSource(result, index: 0, dimensions: reshape)
  }
}
