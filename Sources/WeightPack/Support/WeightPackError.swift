/// The one error type WeightPack throws.
///
/// An error is a fact (`kind`) plus the context in which it was found: the file, the tensor,
/// the chunk and the byte offset. Each layer adds the part it knows as the error passes
/// through it, so the message a user sees names everything that applies. The wording lives in
/// `WeightPackError+Description.swift`.
public struct WeightPackError: Error, Sendable, Equatable {
  /// What went wrong, with the values that show it.
  public var kind: Kind

  /// The file the error concerns, as the caller named it.
  public var path: String?

  /// The name of the tensor the error concerns.
  public var tensor: String?

  /// The chunk of `tensor` the error concerns, counting from 0.
  public var chunk: Int?

  /// Where the problem was found: bytes from the start of `path`.
  public var offset: UInt64?

  /// A description of a lower-level cause, such as the system's error message.
  public var underlying: String?

  /// Creates an error from a fact and whatever context is known where it is thrown.
  public init(
    _ kind: Kind,
    path: String? = nil,
    tensor: String? = nil,
    chunk: Int? = nil,
    offset: UInt64? = nil,
    underlying: String? = nil
  ) {
    self.kind = kind
    self.path = path
    self.tensor = tensor
    self.chunk = chunk
    self.offset = offset
    self.underlying = underlying
  }

  /// Returns this error with `path` filled in, unless it already names a file.
  public func adding(path: String) -> WeightPackError {
    var copy = self
    if copy.path == nil { copy.path = path }
    return copy
  }

  /// Returns this error with `tensor` (and `chunk`) filled in where they are still unknown.
  public func adding(tensor: String, chunk: Int? = nil) -> WeightPackError {
    var copy = self
    if copy.tensor == nil { copy.tensor = tensor }
    if copy.chunk == nil { copy.chunk = chunk }
    return copy
  }

  /// Returns this error with `offset` filled in, unless it already has one.
  public func adding(offset: UInt64) -> WeightPackError {
    var copy = self
    if copy.offset == nil { copy.offset = offset }
    return copy
  }
}

/// Runs `body` and adds `path` to any `WeightPackError` it throws.
func withContext<T>(path: String, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as WeightPackError {
    throw error.adding(path: path)
  }
}
