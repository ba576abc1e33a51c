/// A report of how far a long operation has come, passed to a progress callback.
public struct ProgressEvent: Sendable, Hashable {
  /// The tensor being worked on.
  public var tensorName: String
  /// The tensor's position, counting from 0.
  public var tensorIndex: Int
  /// How many tensors the operation covers.
  public var tensorCount: Int
  /// Decoded bytes done so far, over all tensors.
  public var bytesDone: UInt64
  /// Decoded bytes in all, over all tensors.
  public var bytesTotal: UInt64

  /// Creates an event.
  public init(
    tensorName: String,
    tensorIndex: Int,
    tensorCount: Int,
    bytesDone: UInt64,
    bytesTotal: UInt64
  ) {
    self.tensorName = tensorName
    self.tensorIndex = tensorIndex
    self.tensorCount = tensorCount
    self.bytesDone = bytesDone
    self.bytesTotal = bytesTotal
  }
}

/// A callback that receives progress; the library never prints, so the caller decides what to show.
///
/// It may be called from any thread.
public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void
