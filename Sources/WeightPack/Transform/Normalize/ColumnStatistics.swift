/// Per-column statistics of a 2-D tensor, gathered in one streaming pass with float64
/// accumulators: NaNs are skipped, as scikit-learn's scalers skip them.
struct ColumnStatistics {
  /// Values seen per column, not counting NaNs.
  private(set) var counts: [Int]
  /// The smallest value per column (+∞ before any).
  private(set) var minimums: [Double]
  /// The largest value per column (−∞ before any).
  private(set) var maximums: [Double]
  /// The running mean per column (Welford).
  private(set) var means: [Double]
  /// The running sum of squared deviations per column (Welford).
  private(set) var squaredDeviations: [Double]

  /// Statistics of `columnCount` columns, empty.
  init(columnCount: Int) {
    counts = Array(repeating: 0, count: columnCount)
    minimums = Array(repeating: .infinity, count: columnCount)
    maximums = Array(repeating: -.infinity, count: columnCount)
    means = Array(repeating: 0, count: columnCount)
    squaredDeviations = Array(repeating: 0, count: columnCount)
  }

  /// Adds one value of `column`.
  mutating func add(_ value: Double, column: Int) {
    guard !value.isNaN else { return }
    counts[column] += 1
    if value < minimums[column] { minimums[column] = value }
    if value > maximums[column] { maximums[column] = value }
    let delta = value - means[column]
    means[column] += delta / Double(counts[column])
    squaredDeviations[column] += delta * (value - means[column])
  }

  /// The fitted per-column parameters, named as `ScalerMethod.parameterNames` lists them.
  ///
  /// They are computed as scikit-learn computes them for data of `dtype`: for float32 (and
  /// the 16-bit floats, computed in float32) the min-max parameters are float32 values from
  /// float32 arithmetic, while the z-score mean and variance are float64, as its float64
  /// accumulators make them. A min-max range below ten times the dtype's epsilon counts as
  /// constant (`_handle_zeros_in_scale`), as does a variance within rounding of zero
  /// (`_is_constant_feature`); their scale is 1.
  func parameters(for method: ScalerMethod, dtype: DType) -> [[Double]] {
    let round = ColumnTransform.rounding(for: dtype)
    let epsilon = FloatConversion.epsilon(of: dtype)
    let columns = counts.indices
    switch method {
    case .minMax(let lower, let upper):
      let lows = columns.map { counts[$0] == 0 ? .nan : minimums[$0] }
      let highs = columns.map { counts[$0] == 0 ? .nan : maximums[$0] }
      let width = round(upper - lower)
      let scales = columns.map { column -> Double in
        let range = round(highs[column] - lows[column])
        return round(width / (range < 10 * epsilon ? 1 : range))
      }
      let offsets = columns.map { round(round(lower) - round(lows[$0] * scales[$0])) }
      return [lows, highs, scales, offsets]
    case .zScore:
      let means = columns.map { counts[$0] == 0 ? .nan : self.means[$0] }
      let variances = columns.map { column -> Double in
        counts[column] == 0 ? .nan : squaredDeviations[column] / Double(counts[column])
      }
      let scales = columns.map { column -> Double in
        let n = Double(counts[column])
        let spread = n * means[column] * Double.ulpOfOne
        let bound = n * Double.ulpOfOne * variances[column] + spread * spread
        return variances[column] <= bound ? 1 : variances[column].squareRoot()
      }
      return [means, variances, scales]
    }
  }
}
