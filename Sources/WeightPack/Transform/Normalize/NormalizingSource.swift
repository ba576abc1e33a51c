import Foundation

/// A source whose 2-D float tensors are normalized column by column (features in columns, as
/// scikit-learn's scalers expect) as they stream.
///
/// Opening makes one pass over each selected tensor to fit the per-column statistics in
/// float64; reading applies them. Beside each normalized tensor `t`, the output holds the
/// fitted parameters as F64 tensors of one value per column, named as scikit-learn names
/// them: `t.scaler.data_min`, `t.scaler.data_max`, `t.scaler.scale`, `t.scaler.min` for
/// min-max, and `t.scaler.mean`, `t.scaler.var`, `t.scaler.scale` for z-score; the metadata
/// key `scaler.t` records the method and range as JSON. `InverseNormalizingSource` uses them
/// to restore the original values.
public final class NormalizingSource: WrappingSource {
  /// The source being normalized.
  public let base: any TensorSource
  /// The scaler.
  public let method: ScalerMethod
  /// The base's tensors, then the parameter tensors.
  public let tensors: [TensorDescriptor]
  /// The base's metadata, with a `scaler.<tensor>` entry for each normalized tensor.
  public let metadata: [String: String]
  /// The names of the normalized tensors.
  public let normalizedNames: [String]
  /// The names of tensors the pattern matched that are not non-empty 2-D floats, left as
  /// they are.
  public let skippedNames: [String]
  private let transforms: [Int: ColumnTransform]
  private let parameterBytes: [[UInt8]]

  /// The most columns a tensor may have: fitting keeps five float64 values per column, and
  /// each parameter tensor holds one, so this bounds them to 512 MiB whatever the file says.
  public static let maximumColumnCount: UInt64 = 1 << 24

  /// Fits the scaler to every 2-D float tensor whose name matches `pattern`.
  ///
  /// - Parameters:
  ///   - base: The source to read.
  ///   - method: The scaler.
  ///   - pattern: A shell-style pattern (`*`, `?`, `[...]`) over tensor names.
  ///   - progress: Called as the fitting pass goes.
  /// - Throws: `WeightPackError` of kind `.invalidOption` for an empty range, a column that
  ///   holds an infinity, a tensor already normalized or a parameter name that is taken, or
  ///   what reading throws.
  public init(
    _ base: any TensorSource,
    method: ScalerMethod,
    pattern: String = "*",
    progress: ProgressHandler? = nil
  ) throws {
    if case .minMax(let lower, let upper) = method, !(lower < upper) {
      throw WeightPackError(
        .invalidOption(
          name: "range", reason: "\(lower),\(upper): the lower end must be below the upper"))
    }
    let names = Set(base.tensors.map(\.name))
    var tensors = base.tensors
    var metadata = base.metadata
    var normalized: [String] = []
    var skipped: [String] = []
    var transforms: [Int: ColumnTransform] = [:]
    var parameterBytes: [[UInt8]] = []
    for (index, tensor) in base.tensors.enumerated() where fnmatch(pattern, tensor.name, 0) == 0 {
      guard tensor.shape.rank == 2, FloatConversion.dtypes.contains(tensor.dtype),
        tensor.shape.elementCount > 0
      else {
        skipped.append(tensor.name)
        continue
      }
      guard tensor.shape.dimensions[1] <= Self.maximumColumnCount else {
        throw WeightPackError(
          .invalidOption(
            name: "tensors",
            reason: "'\(tensor.name)' has \(tensor.shape.dimensions[1]) columns, "
              + "normalize handles up to \(Self.maximumColumnCount)"),
          path: base.path, tensor: tensor.name)
      }
      let key = ScalerMethod.metadataKey(for: tensor.name)
      guard metadata[key] == nil else {
        throw WeightPackError(
          .invalidOption(
            name: "tensors",
            reason: "'\(tensor.name)' is already normalized (undo it with --inverse)"),
          path: base.path, tensor: tensor.name)
      }
      let parameters = try Self.fit(base, at: index, method: method)
      let columns = try Shape([tensor.shape.dimensions[1]])
      for (name, values) in zip(method.parameterNames, parameters) {
        let parameterName = ScalerMethod.parameterTensorName(tensor.name, name)
        guard !names.contains(parameterName) else {
          throw WeightPackError(
            .invalidOption(
              name: "tensors", reason: "the parameter name '\(parameterName)' is taken"),
            path: base.path, tensor: parameterName)
        }
        tensors.append(TensorDescriptor(name: parameterName, dtype: .float64, shape: columns))
        parameterBytes.append(FloatConversion.bytes(values, as: .float64))
      }
      let scales = parameters[method.parameterNames.firstIndex(of: "scale") ?? 0]
      transforms[index] = Self.transform(method, parameters, scales: scales, dtype: tensor.dtype)
      metadata[key] = method.metadataValue
      normalized.append(tensor.name)
      progress?(
        ProgressEvent(
          tensorName: tensor.name, tensorIndex: index, tensorCount: base.tensors.count,
          bytesDone: 0, bytesTotal: 0))
    }
    self.base = base
    self.method = method
    self.tensors = tensors
    self.metadata = metadata
    self.normalizedNames = normalized
    self.skippedNames = skipped
    self.transforms = transforms
    self.parameterBytes = parameterBytes
  }

  /// Streams a tensor: normalized, passed through, or a parameter tensor.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    if index >= base.tensors.count {
      return try body(parameterBytes[index - base.tensors.count])
    }
    guard let transform = transforms[index] else { return try base.readTensor(at: index, body) }
    try transform.stream(base, at: index, body)
  }

  /// The fitted parameters of tensor `index`, in `method.parameterNames` order.
  private static func fit(
    _ base: any TensorSource,
    at index: Int,
    method: ScalerMethod
  ) throws -> [[Double]] {
    let tensor = base.tensors[index]
    let columns = Int(tensor.shape.dimensions[1])
    var statistics = ColumnStatistics(columnCount: columns)
    var column = 0
    try base.readValues(at: index, as: tensor.dtype) { values in
      for value in values {
        guard !value.isInfinite else {
          // scikit-learn's scalers refuse infinities too: one would make the column NaN.
          throw WeightPackError(
            .invalidOption(
              name: "normalize",
              reason: "column \(column + 1) holds an infinity; scaling needs finite values "
                + "(NaN is ignored)"),
            path: base.path, tensor: tensor.name)
        }
        statistics.add(value, column: column)
        column += 1
        if column == columns { column = 0 }
      }
    }
    return statistics.parameters(for: method, dtype: tensor.dtype)
  }

  /// The forward transform: x · scale + min (min-max) or (x − mean) / scale (z-score).
  private static func transform(
    _ method: ScalerMethod,
    _ parameters: [[Double]],
    scales: [Double],
    dtype: DType
  ) -> ColumnTransform {
    switch method {
    case .minMax:
      return ColumnTransform(
        dtype: dtype, form: .scaleThenShift(scale: scales, shift: parameters[3]))
    case .zScore:
      return ColumnTransform(
        dtype: dtype, form: .shiftThenDivide(center: parameters[0], divisor: scales))
    }
  }
}
