extension WeightFormat {
  /// The safetensors formats: one file, and a sharded checkpoint's index.
  static let safetensorsFormats: [WeightFormat] = [.safetensors, .safetensorsIndex]

  /// A `.safetensors` file (see `SafetensorsSource` and `SafetensorsSink`).
  public static let safetensors = WeightFormat(
    name: "safetensors", summary: "safetensors file (.safetensors)",
    extensions: ["safetensors"],
    openSource: { path, options in try SafetensorsSource(path: path, options: options) },
    createSink: { path, options in try SafetensorsSink(path: path, options: options) })

  /// A sharded safetensors checkpoint, read through its `*.safetensors.index.json` (see
  /// `SafetensorsIndexSource`); read only.
  public static let safetensorsIndex = WeightFormat(
    name: "safetensors-index", summary: "sharded safetensors (model.safetensors.index.json)",
    extensions: ["safetensors.index.json"],
    openSource: { path, options in try SafetensorsIndexSource(path: path, options: options) },
    createSink: nil)
}
