/// Applies a per-column affine map to every element of a 2-D float tensor as it streams.
///
/// The column of an element is its index modulo the column count; NaN stays NaN.
/// The two forms are the ones scikit-learn computes, and each step rounds as it rounds there:
/// min-max and the inverse of z-score scale then shift; z-score and the inverse of min-max
/// shift then divide. Each of the two operations is done in float64 and rounded to the
/// tensor's working precision (float32 for F32, F16 and BF16; float64 for F64), which is what
/// numpy does for a float32 array with float32 or float64 coefficients.
struct ColumnTransform {
  /// The map of one column's values.
  enum Form {
    /// x · scale + shift.
    case scaleThenShift(scale: [Double], shift: [Double])
    /// (x − center) / divisor.
    case shiftThenDivide(center: [Double], divisor: [Double])
  }

  /// The tensor's dtype: F64, F32, F16 or BF16.
  let dtype: DType
  /// The map, its coefficients rounded to the working precision (scikit-learn casts its
  /// float64 mean and scale to the data's dtype before it applies them).
  let form: Form

  /// A map for tensors of `dtype`.
  init(dtype: DType, form: Form) {
    let round = Self.rounding(for: dtype)
    self.dtype = dtype
    switch form {
    case .scaleThenShift(let scale, let shift):
      self.form = .scaleThenShift(scale: scale.map(round), shift: shift.map(round))
    case .shiftThenDivide(let center, let divisor):
      self.form = .shiftThenDivide(center: center.map(round), divisor: divisor.map(round))
    }
  }

  /// Streams tensor `index` of `source` through the map into `body`, in the source's pieces
  /// cut back to whole elements.
  func stream(
    _ source: any TensorSource,
    at index: Int,
    _ body: ([UInt8]) throws -> Void
  ) throws {
    let (first, second) = coefficients
    let columns = first.count
    var column = 0
    let divides = if case .shiftThenDivide = form { true } else { false }
    let round = Self.rounding(for: dtype)
    try source.readValues(at: index, as: dtype) { values in
      var values = values
      for position in values.indices {
        let value = values[position]
        values[position] =
          divides
          ? round(round(value - first[column]) / second[column])
          : round(round(value * first[column]) + second[column])
        column += 1
        if column == columns { column = 0 }
      }
      try body(FloatConversion.bytes(values, as: dtype))
    }
  }

  /// Rounds a float64 result to the working precision of `dtype`.
  static func rounding(for dtype: DType) -> @Sendable (Double) -> Double {
    if dtype == .float64 { return { value in value } }
    return { value in Double(Float(value)) }
  }

  private var coefficients: ([Double], [Double]) {
    switch form {
    case .scaleThenShift(let scale, let shift): return (scale, shift)
    case .shiftThenDivide(let center, let divisor): return (center, divisor)
    }
  }
}
