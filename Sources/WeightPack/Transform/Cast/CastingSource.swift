/// A source whose floating-point tensors are cast to another float dtype as they stream.
///
/// Tensors of F64, F32, F16 and BF16 become `dtype` (see `FloatConversion` for the
/// rounding); every other tensor (integers, BOOL, the FP8 types) passes through unchanged and
/// is listed in `uncastNames`. Metadata and history are the base source's.
public final class CastingSource: WrappingSource {
  /// The source being cast.
  public let base: any TensorSource
  /// The dtype floating-point tensors are cast to.
  public let dtype: DType
  /// The tensors as they come out: the base's, with cast dtypes.
  public let tensors: [TensorDescriptor]
  /// The names of the tensors that changed dtype.
  public let castNames: [String]
  /// The names of the tensors left as they are because they hold no F64, F32, F16 or BF16.
  public let uncastNames: [String]

  /// Wraps `base`.
  ///
  /// - Parameters:
  ///   - base: The source to read.
  ///   - dtype: F64, F32, F16 or BF16.
  /// - Throws: `WeightPackError` of kind `.invalidOption` for any other dtype.
  public init(_ base: any TensorSource, to dtype: DType) throws {
    guard FloatConversion.dtypes.contains(dtype) else {
      throw WeightPackError(
        .invalidOption(name: "dtype", reason: "\(dtype.rawValue), must be F64, F32, F16 or BF16"))
    }
    self.base = base
    self.dtype = dtype
    var tensors: [TensorDescriptor] = []
    var cast: [String] = []
    var uncast: [String] = []
    for tensor in base.tensors {
      if FloatConversion.dtypes.contains(tensor.dtype) {
        if tensor.dtype != dtype { cast.append(tensor.name) }
        tensors.append(TensorDescriptor(name: tensor.name, dtype: dtype, shape: tensor.shape))
      } else {
        uncast.append(tensor.name)
        tensors.append(tensor)
      }
    }
    self.tensors = tensors
    self.castNames = cast
    self.uncastNames = uncast
  }

  /// Streams the base tensor's bytes, converted; pieces are cut on element boundaries.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    let from = base.tensors[index].dtype
    let to = tensors[index].dtype
    guard from != to else { return try base.readTensor(at: index, body) }
    try base.readValues(at: index, as: from) { values in
      try body(FloatConversion.bytes(values, as: to))
    }
  }
}
