/// A source that undoes `NormalizingSource`: each tensor `t` marked by a `scaler.t` metadata
/// entry is mapped back with its stored parameters, and the parameter tensors and the
/// `scaler.*` entries are left out.
///
/// Min-max is undone as (x' − min) / scale and z-score as x' · scale + mean, so values return
/// to the originals within float rounding.
public final class InverseNormalizingSource: WrappingSource {
  /// The normalized source.
  public let base: any TensorSource
  /// The restored tensors: the base's, without the parameter tensors.
  public let tensors: [TensorDescriptor]
  /// The base's metadata without the `scaler.*` entries of restored tensors.
  public let metadata: [String: String]
  /// The names of the restored tensors.
  public let restoredNames: [String]
  private let baseIndices: [Int]
  private let transforms: [Int: ColumnTransform]

  /// Reads the scaler entries and parameters of `base`.
  ///
  /// - Throws: `WeightPackError` of kind `.invalidOption` when nothing is normalized, or
  ///   `.malformedHeader` (format `scaler`) when an entry or a parameter tensor is missing
  ///   or has the wrong dtype or shape.
  public init(_ base: any TensorSource) throws {
    let byName = Dictionary(
      base.tensors.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    var metadata = base.metadata
    var hidden = Set<String>()
    var transforms: [Int: ColumnTransform] = [:]
    var restored: [String] = []
    for (index, tensor) in base.tensors.enumerated() {
      let key = ScalerMethod.metadataKey(for: tensor.name)
      guard let value = base.metadata[key] else { continue }
      guard let method = ScalerMethod(metadataValue: value) else {
        throw Self.malformed("metadata '\(key)' is not a scaler description", base, tensor.name)
      }
      guard tensor.shape.rank == 2, FloatConversion.dtypes.contains(tensor.dtype) else {
        throw Self.malformed("a normalized tensor must be a 2-D float", base, tensor.name)
      }
      guard tensor.shape.dimensions[1] <= NormalizingSource.maximumColumnCount else {
        throw Self.malformed(
          "\(tensor.shape.dimensions[1]) columns, normalize handles up to "
            + "\(NormalizingSource.maximumColumnCount)", base, tensor.name)
      }
      var parameters: [String: [Double]] = [:]
      for name in method.parameterNames {
        let full = ScalerMethod.parameterTensorName(tensor.name, name)
        guard let position = byName[full], base.tensors[position].dtype == .float64,
          base.tensors[position].shape.dimensions == [tensor.shape.dimensions[1]]
        else {
          throw Self.malformed(
            "parameter tensor '\(full)' is missing or not F64 [\(tensor.shape.dimensions[1])]",
            base, tensor.name)
        }
        var bytes: [UInt8] = []
        try base.readTensor(at: position) { bytes += $0 }
        // Safe because the buffer is the whole array and is used only inside the closure.
        parameters[name] = bytes.withUnsafeBytes { FloatConversion.doubles($0, as: .float64) }
        hidden.insert(full)
      }
      let scale = parameters["scale"] ?? []
      switch method {
      case .minMax:
        transforms[index] = ColumnTransform(
          dtype: tensor.dtype,
          form: .shiftThenDivide(center: parameters["min"] ?? [], divisor: scale))
      case .zScore:
        transforms[index] = ColumnTransform(
          dtype: tensor.dtype, form: .scaleThenShift(scale: scale, shift: parameters["mean"] ?? []))
      }
      metadata[key] = nil
      restored.append(tensor.name)
    }
    guard !restored.isEmpty else {
      throw WeightPackError(
        .invalidOption(
          name: "inverse", reason: "no tensor is marked as normalized (no 'scaler.*' metadata)"),
        path: base.path)
    }
    let kept = base.tensors.indices.filter { !hidden.contains(base.tensors[$0].name) }
    self.base = base
    self.baseIndices = kept
    self.tensors = kept.map { base.tensors[$0] }
    self.metadata = metadata
    self.restoredNames = restored
    self.transforms = transforms
  }

  /// Streams a tensor, restored when it was normalized.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    let position = baseIndices[index]
    guard let transform = transforms[position] else {
      return try base.readTensor(at: position, body)
    }
    try transform.stream(base, at: position, body)
  }

  private static func malformed(
    _ reason: String,
    _ base: any TensorSource,
    _ tensor: String
  ) -> WeightPackError {
    WeightPackError(
      .malformedHeader(format: "scaler", reason: reason), path: base.path, tensor: tensor)
  }
}
