// TODO(convert): filled in by the NPY converter (issue 2).
extension WeightFormat {
  /// The NumPy formats: one `.npy` file, and a directory of them.
  static let npyFormats: [WeightFormat] = []
}
