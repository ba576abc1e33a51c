import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// Data in C order is streamed with positioned reads, one piece at a time. Data in Fortran
// (column-major) order has to be visited in row-major order, which jumps through the file;
// rather than read it all, the file is memory-mapped and each output piece is gathered by
// index arithmetic, so only one piece is ever allocated and the kernel pages the rest in and
// out as it likes. Big-endian elements are byte-swapped as each piece is filled.
//
// The same two paths serve `.npy` members of a `.npz` archive: C-order data is pulled from
// the member's stream (stored or inflated) through `streamContiguous(reading:_:)`, and
// Fortran-order data is reordered from a mapping of the member (see `NPZSource`).

/// Streams the elements of one `.npy` file as little-endian, row-major pieces.
struct NPYDataStream {
  /// The largest piece handed to the caller, in bytes: 1 MiB, rounded down to whole elements.
  static let pieceByteCount = 1 << 20

  /// The file's header, already checked against the file's size.
  let header: NPYHeader
  /// The file's path, for the mapping and for messages.
  let path: String

  /// Whether the stored order differs from row-major: Fortran order with two or more
  /// dimensions longer than 1 (otherwise both orders are the same bytes).
  var needsReordering: Bool {
    header.isFortranOrder && header.shape.dimensions.filter { $0 > 1 }.count > 1
  }

  /// Streams the elements to `body`, in pieces of at most `pieceByteCount` bytes.
  ///
  /// - Parameters:
  ///   - file: The open file the header was read from.
  ///   - body: Called with consecutive pieces; together they are the array's bytes.
  /// - Throws: `WeightPackError` of kind `.truncated` (with path and offset) if the file
  ///   shrank since its header was read, or what `body` throws.
  /// - Complexity: O(data bytes); memory O(one piece).
  func stream(from file: SystemFile, _ body: ([UInt8]) throws -> Void) throws {
    if needsReordering {
      let mapped = try mapFile()
      try withContext(path: path) { try header.checkDataFills(fileSize: UInt64(mapped.count)) }
      try streamReordered(from: mapped, dataStart: header.dataOffset, body)
    } else {
      let start = header.dataOffset
      try streamContiguous(reading: { try file.read(count: $0, at: start + $1) }, body)
    }
  }

  private var unit: Int { header.dtype.unitByteCount }

  /// Streams data stored in row-major order, pulling it from `next`.
  ///
  /// - Parameters:
  ///   - next: Returns exactly `count` bytes of data starting `done` bytes into it; called
  ///     with consecutive ranges that together cover `header.dataByteCount` bytes.
  ///   - body: Called with consecutive pieces of at most `pieceByteCount` bytes.
  /// - Throws: What `next` or `body` throws.
  /// - Complexity: O(data bytes); memory O(one piece).
  func streamContiguous(
    reading next: (_ count: Int, _ done: UInt64) throws -> [UInt8],
    _ body: ([UInt8]) throws -> Void
  ) throws {
    let piece = UInt64(Self.pieceByteCount / unit * unit)
    var done: UInt64 = 0
    while done < header.dataByteCount {
      let count = min(piece, header.dataByteCount - done)
      // `count` is at most `piece`, 1 MiB, so it fits an Int.
      var bytes = try next(Int(count), done)
      if header.isBigEndian { swapElements(&bytes) }
      try body(bytes)
      done += count
    }
  }

  /// Streams Fortran-order data in row-major order from a mapping that holds it.
  ///
  /// - Parameters:
  ///   - mapped: Bytes holding the data at `offset`, such as a mapped file.
  ///   - offset: Where the data starts in `mapped`, in bytes.
  ///   - body: Called with consecutive pieces of at most `pieceByteCount` bytes.
  /// - Throws: `WeightPackError` of kind `.truncated` if `mapped` is too short for the data,
  ///   `.sizeOverflow`, or what `body` throws.
  /// - Complexity: O(data bytes); memory O(one piece) besides the mapping.
  func streamReordered(
    from mapped: Data,
    dataStart offset: UInt64,
    _ body: ([UInt8]) throws -> Void
  ) throws {
    guard let dataStart = Int(exactly: offset),
      let dataByteCount = Int(exactly: header.dataByteCount),
      let total = Int(exactly: header.shape.elementCount)
    else { throw WeightPackError(.sizeOverflow, path: path) }
    guard mapped.count >= dataStart, mapped.count - dataStart >= dataByteCount else {
      throw WeightPackError(
        .truncated(
          needed: header.dataByteCount, available: UInt64(max(0, mapped.count - dataStart))),
        path: path, offset: offset)
    }
    // Every dimension and stride is at most the element count, which fits (the data is
    // inside a mapping whose size is an Int).
    let dimensions = header.shape.dimensions.map { Int(truncatingIfNeeded: $0) }
    var strides = [Int](repeating: 1, count: dimensions.count)
    for axis in dimensions.indices.dropFirst() {
      strides[axis] = strides[axis - 1] * dimensions[axis - 1]
    }
    var order = OdometerOrder(dimensions: dimensions, strides: strides)
    let perPiece = max(1, Self.pieceByteCount / unit)
    let swaps = header.isBigEndian
    let unit = self.unit
    var emitted = 0
    try mapped.withUnsafeBytes { (source: UnsafeRawBufferPointer) in
      while emitted < total {
        let count = min(perPiece, total - emitted)
        var piece = [UInt8](repeating: 0, count: count * unit)
        for element in 0..<count {
          let from = dataStart + order.position * unit
          for byte in 0..<unit {
            // Safe because position < total, so from + unit <= dataStart + dataByteCount,
            // which the guard above proved at most source.count.
            piece[element * unit + byte] = source[from + (swaps ? unit - 1 - byte : byte)]
          }
          order.advance()
        }
        emitted += count
        try body(piece)
      }
    }
  }

  private func mapFile() throws -> Data {
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw WeightPackError(
        .systemCallFailed(call: "mmap", code: EIO), path: path, underlying: "\(error)")
    }
  }

  /// Reverses the bytes of each element of `bytes`, in place.
  private func swapElements(_ bytes: inout [UInt8]) {
    let unit = self.unit
    guard unit > 1 else { return }
    for start in stride(from: 0, to: bytes.count - unit + 1, by: unit) {
      var low = start
      var high = start + unit - 1
      while low < high {
        bytes.swapAt(low, high)
        low += 1
        high -= 1
      }
    }
  }
}

/// Walks the elements of an array in row-major order, tracking where each lies in storage
/// whose strides (in elements) differ, such as Fortran order.
private struct OdometerOrder {
  let dimensions: [Int]
  let strides: [Int]
  private var index: [Int]
  /// The storage position, in elements, of the current element.
  private(set) var position = 0

  init(dimensions: [Int], strides: [Int]) {
    self.dimensions = dimensions
    self.strides = strides
    self.index = [Int](repeating: 0, count: dimensions.count)
  }

  /// Moves to the next element in row-major order: the last index turns fastest.
  mutating func advance() {
    var axis = dimensions.count - 1
    while axis >= 0 {
      index[axis] += 1
      position += strides[axis]
      if index[axis] < dimensions[axis] { return }
      position -= dimensions[axis] * strides[axis]
      index[axis] = 0
      axis -= 1
    }
  }
}
