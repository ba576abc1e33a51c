extension WeightFormat {
  /// A NumPy `.npz` archive: a ZIP of `.npy` members, one per tensor.
  ///
  /// See `NPZSource` and `NPZSink`. Written stored unless `--compress zlib` asks for
  /// deflated members.
  public static let npz = WeightFormat(
    name: "npz", summary: "NumPy archive (.npz), a ZIP of .npy files", extensions: ["npz"],
    defaultCodec: .raw,
    openSource: { path, options in try NPZSource(path: path, options: options) },
    createSink: { path, options in try NPZSink(path: path, options: options) })
}
