import Foundation

/// Writes one 1-D or 2-D tensor as CSV text: one row per line, values separated by the
/// delimiter (`,` by default), each in the shortest form that reads back to the same bits.
///
/// A 1-D tensor becomes one column; a scalar one value. Higher ranks are refused: reshape the
/// tensor first (`wpk convert --reshape`). When the metadata holds column names
/// (`CSVOptions.columnsMetadataKey`), their count matches and one of them is not a number
/// (a header of numbers would read back as data), they are the first line.
///
/// Floats are written as Swift prints them (`0.1`, `1e-08`, `nan`, `inf`, `-inf`); F16 and
/// BF16 values as the shortest text of the binary32 they widen to, so reading the CSV back as
/// F32 (which is all the CSV reader makes) gives exactly those values, and casting them back
/// gives the original bits. Integers are written in decimal, BOOL as 0 and 1; FP8 is
/// refused. Text streams to a temporary file that `finish` syncs and renames into place. Not
/// `Sendable`.
public final class CSVSink: TensorSink {
  /// The destination path.
  public let path: String
  private let file: AtomicFile
  private let delimiter: UInt8
  private var columnNames: [String]?
  private var tensor: TensorDescriptor?
  private var columnCount: UInt64 = 1
  private var written: UInt64 = 0
  private var carry: [UInt8] = []
  private var text: [UInt8] = []
  private var isOpen = false

  /// Creates the temporary file for `path`.
  ///
  /// - Parameters:
  ///   - path: Where the CSV file appears on `finish`.
  ///   - options: `overwrite` and `csv.delimiter` apply.
  /// - Throws: `WeightPackError` of kind `.outputExists` or `.systemCallFailed`.
  public init(path: String, options: WriteOptions = WriteOptions()) throws {
    self.path = path
    self.delimiter = options.csv.delimiter ?? UInt8(ascii: ",")
    self.file = try AtomicFile(path: path, overwrite: options.overwrite)
  }

  /// Keeps the column names the metadata may hold.
  public func plan(
    _ tensors: [TensorDescriptor],
    metadata: [String: String],
    typedMetadata: [TypedMetadataEntry]
  ) throws -> [Int] {
    if let json = metadata[CSVOptions.columnsMetadataKey],
      case .array(let items)? = try? JSONParser.parse(Array(json.utf8))
    {
      let names = items.compactMap { item -> String? in
        if case .string(let name) = item { return name }
        return nil
      }
      columnNames = names.count == items.count ? names : nil
    }
    return Array(tensors.indices)
  }

  /// Begins the one tensor and writes the header row, if there is one.
  ///
  /// - Throws: `WeightPackError` of kind `.tensorCountUnsupported` for a second tensor,
  ///   `.unsupportedDType` for FP8 and block types, or `.unsupportedShape` above rank 2.
  public func beginTensor(_ descriptor: TensorDescriptor) throws {
    guard tensor == nil else {
      throw WeightPackError(
        .tensorCountUnsupported(format: "csv", count: 2), path: path, tensor: descriptor.name)
    }
    let dtype = descriptor.dtype
    guard dtype.traits.elementsPerBlock == 1, dtype != .float8E4M3, dtype != .float8E5M2 else {
      throw WeightPackError(
        .unsupportedDType(format: "csv", dtype: dtype.rawValue), path: path,
        tensor: descriptor.name)
    }
    let dimensions = descriptor.shape.dimensions
    guard dimensions.count <= 2 else {
      throw WeightPackError(
        .unsupportedShape(
          format: "csv", shape: descriptor.shape.description,
          reason: "CSV holds 1-D or 2-D tensors (use --reshape ROWS,COLUMNS)"),
        path: path, tensor: descriptor.name)
    }
    columnCount = dimensions.count == 2 ? dimensions[1] : 1
    // A header of numbers only would read back as a row of data, so it is left out.
    if let names = columnNames, UInt64(names.count) == columnCount, columnCount > 0,
      names.contains(where: { CSVNumber.double(Array($0.utf8)[...]) == nil })
    {
      text += Array(names.map(quoted).joined(separator: String(UnicodeScalar(delimiter))).utf8)
      text.append(0x0A)
    }
    tensor = descriptor
    isOpen = true
  }

  /// Formats the next bytes (little-endian, row-major) as text.
  ///
  /// - Throws: `WeightPackError` of kind `.byteCountMismatch` past the tensor's size,
  ///   `.writerMisuse` with no tensor open, or `.systemCallFailed`.
  public func append(_ bytes: [UInt8]) throws {
    guard isOpen, let tensor else { throw misuse("append with no tensor begun") }
    let width = tensor.dtype.unitByteCount
    let input = carry.isEmpty ? bytes : carry + bytes
    let whole = input.count / width * width
    let total = written + UInt64(whole / width) * UInt64(width)
    guard total + UInt64(input.count - whole) <= tensor.byteCount else {
      throw WeightPackError(
        .byteCountMismatch(
          expected: tensor.byteCount, actual: total + UInt64(input.count - whole)),
        path: path, tensor: tensor.name)
    }
    var index = written / UInt64(width)
    var offset = 0
    while offset < whole {
      text += Array(Self.format(input, at: offset, as: tensor.dtype).utf8)
      index += 1
      text.append(index % columnCount == 0 ? 0x0A : delimiter)
      offset += width
    }
    written = total
    carry = Array(input[whole...])
    if text.count >= 1 << 20 {
      try file.write(text)
      text = []
    }
  }

  /// Ends the tensor.
  ///
  /// - Throws: `WeightPackError` of kind `.byteCountMismatch` when bytes are missing.
  public func endTensor() throws {
    guard isOpen, let tensor else { throw misuse("endTensor with no tensor begun") }
    guard written == tensor.byteCount, carry.isEmpty else {
      throw WeightPackError(
        .byteCountMismatch(expected: tensor.byteCount, actual: written + UInt64(carry.count)),
        path: path, tensor: tensor.name)
    }
    isOpen = false
  }

  /// Writes the rest of the text, syncs and renames the file into place.
  ///
  /// - Throws: `WeightPackError` of kind `.writerMisuse` with no tensor written or one still
  ///   open, or `.systemCallFailed`.
  public func finish(metadata: [String: String], history: [HistoryEntry]) throws {
    guard tensor != nil, !isOpen else { throw misuse("finish without one whole tensor") }
    try file.write(text)
    try file.commit()
  }

  /// Removes the temporary file; the destination stays as it was.
  public func cancel() {
    file.discard()
  }

  /// The text of the element of `dtype` at `offset` of `bytes`.
  static func format(_ bytes: [UInt8], at offset: Int, as dtype: DType) -> String {
    func load<T: FixedWidthInteger>(_ type: T.Type) -> T {
      var value: T = 0
      for index in 0..<MemoryLayout<T>.size {
        value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index)
      }
      return value
    }
    switch dtype {
    case .float64: return CSVNumber.text(Double(bitPattern: load(UInt64.self)))
    case .float32: return CSVNumber.text(Float(bitPattern: load(UInt32.self)))
    case .float16: return CSVNumber.text(Float(Float16(bitPattern: load(UInt16.self))))
    case .bfloat16: return CSVNumber.text(Float(bitPattern: UInt32(load(UInt16.self)) << 16))
    case .int64: return String(Int64(bitPattern: load(UInt64.self)))
    case .int32: return String(Int32(bitPattern: load(UInt32.self)))
    case .int16: return String(Int16(bitPattern: load(UInt16.self)))
    case .int8: return String(Int8(bitPattern: load(UInt8.self)))
    case .uint64: return String(load(UInt64.self))
    case .uint32: return String(load(UInt32.self))
    case .uint16: return String(load(UInt16.self))
    case .uint8, .bool, .float8E4M3, .float8E5M2, .q8Zero, .q4Zero: return String(load(UInt8.self))
    }
  }

  /// A column name, quoted when it holds the delimiter, a quote or a line break.
  private func quoted(_ name: String) -> String {
    let special = name.utf8.contains {
      $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
    }
    guard special else { return name }
    return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  private func misuse(_ detail: String) -> WeightPackError {
    WeightPackError(.writerMisuse(detail), path: path)
  }
}
