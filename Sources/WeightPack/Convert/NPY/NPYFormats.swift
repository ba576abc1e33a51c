extension WeightFormat {
  /// The NumPy formats: one `.npy` file, and a directory of them.
  static let npyFormats: [WeightFormat] = [.npy, .npyDirectory]

  /// One NumPy `.npy` file holding one tensor (see `NPYSource` and `NPYSink`).
  public static let npy = WeightFormat(
    name: "npy", summary: "NumPy array (.npy), exactly one tensor", extensions: ["npy"],
    holdsOneTensor: true,
    openSource: { path, options in try NPYSource(path: path, options: options) },
    createSink: { path, options in try NPYSink(path: path, options: options) })

  /// A directory of `.npy` files, one per tensor (see `NPYDirectorySource` and
  /// `NPYDirectorySink`).
  public static let npyDirectory = WeightFormat(
    name: "npy-dir", summary: "directory of NumPy .npy files, one per tensor",
    isDirectory: true, extensions: [],
    openSource: { path, options in try NPYDirectorySource(path: path, options: options) },
    createSink: { path, options in try NPYDirectorySink(path: path, options: options) })
}
