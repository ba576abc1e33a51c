/// A tensor's name, dtype and shape, as any format describes it.
public struct TensorDescriptor: Sendable, Hashable {
  /// The tensor's name, unique in its file.
  public var name: String
  /// The element type.
  public var dtype: DType
  /// The dimensions, outermost first (row-major).
  public var shape: Shape

  /// Creates a descriptor.
  public init(name: String, dtype: DType, shape: Shape) {
    self.name = name
    self.dtype = dtype
    self.shape = shape
  }

  /// The decoded size in bytes, or 0 if it does not fit in 64 bits (a `Shape` that a reader
  /// accepted always fits).
  public var byteCount: UInt64 { dtype.byteCount(for: shape) ?? 0 }
}

/// A weights file opened for reading, in any format: it lists tensors and streams their
/// bytes one tensor at a time.
///
/// Conforming types read headers when they are created and tensor data only in
/// `readTensor(at:_:)`, so peak memory stays at about one piece (a chunk), never a file.
public protocol TensorSource: AnyObject {
  /// The path the source was opened from.
  var path: String { get }
  /// The format's registry name, such as `wpk` or `npy`.
  var formatName: String { get }
  /// Free-form metadata the file carries; empty for formats without any.
  var metadata: [String: String] { get }
  /// Typed metadata the file carries, in its order; empty for formats without any.
  var typedMetadata: [TypedMetadataEntry] { get }
  /// The history the file carries; empty for formats without any.
  var history: [HistoryEntry] { get }
  /// The tensors, in file order.
  var tensors: [TensorDescriptor] { get }

  /// Streams one tensor's bytes (little-endian, row-major) to `body` in pieces.
  ///
  /// - Parameters:
  ///   - index: The tensor's position in `tensors`.
  ///   - body: Called with consecutive pieces; together they are the tensor's bytes.
  /// - Throws: `WeightPackError` naming the file, tensor and offset of bad data.
  func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws

  /// Describes the file from its headers alone, for `wpk inspect`.
  func summary() -> FileSummary

  /// Reads everything and reports each problem, for `wpk verify`.
  func verify(progress: ProgressHandler?) -> VerificationReport
}

extension TensorSource {
  /// None: most formats have no typed metadata.
  public var typedMetadata: [TypedMetadataEntry] { [] }

  /// A summary in which each tensor is stored raw, as it is in formats without a codec.
  public func summary() -> FileSummary {
    FileSummary(
      format: formatName, version: nil, metadata: metadata, typedMetadata: typedMetadata,
      history: history,
      tensors: tensors.map { tensor in
        TensorSummary(
          name: tensor.name, dtype: tensor.dtype, shape: tensor.shape,
          byteCount: tensor.byteCount, storedByteCount: tensor.byteCount, codec: "raw",
          chunkCount: 1)
      })
  }

  /// Reads every tensor through, reporting the first problem of each.
  public func verify(progress: ProgressHandler?) -> VerificationReport {
    var report = VerificationReport()
    let total = tensors.map(\.byteCount).saturatingSum()
    for (index, tensor) in tensors.enumerated() {
      var seen: UInt64 = 0
      do {
        try readTensor(at: index) { seen += UInt64($0.count) }
        if seen != tensor.byteCount {
          throw WeightPackError(
            .byteCountMismatch(expected: tensor.byteCount, actual: seen), path: path,
            tensor: tensor.name)
        }
      } catch let error as WeightPackError {
        report.problems.append(error.adding(path: path).adding(tensor: tensor.name))
      } catch {
        report.problems.append(
          WeightPackError(.malformedHeader(format: formatName, reason: "\(error)"), path: path))
      }
      report.tensorCount += 1
      report.chunkCount += 1
      report.byteCount += seen
      progress?(
        ProgressEvent(
          tensorName: tensor.name, tensorIndex: index, tensorCount: tensors.count,
          bytesDone: report.byteCount, bytesTotal: total))
    }
    return report
  }
}

extension Sequence<UInt64> {
  /// The sum, or `UInt64.max` where it would overflow; for progress and totals on screen,
  /// which a hostile file's declared sizes must not be able to crash.
  package func saturatingSum() -> UInt64 {
    reduce(0) { total, next in
      let (sum, overflow) = total.addingReportingOverflow(next)
      return overflow ? .max : sum
    }
  }
}
