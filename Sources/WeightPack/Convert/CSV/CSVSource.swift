import Foundation

/// A numeric CSV file read as one 2-D tensor: rows × columns, F32 (or F64).
///
/// Opening makes one pass over the file to learn its delimiter, header and size and to check
/// that every record has the same number of fields (`CSVLayout`); `readTensor(at:_:)` makes a
/// second pass that parses the numbers and streams them, row-major, in pieces of about
/// 1 MiB. Memory holds one block and one record, whatever the file's size. Column names of a
/// header row are kept in the metadata under `CSVOptions.columnsMetadataKey` as a JSON array.
public final class CSVSource: TensorSource {
  /// The path the file was opened from.
  public let path: String
  /// The one tensor.
  public let tensors: [TensorDescriptor]
  /// The column names, if the file has a header.
  public let metadata: [String: String]
  /// What the first pass found.
  let layout: CSVLayout
  private let options: CSVOptions
  private let file: SystemFile

  /// Opens a CSV file and scans its structure.
  ///
  /// - Parameters:
  ///   - path: The file.
  ///   - options: Delimiter, header, dtype, tensor name and missing-value handling.
  /// - Throws: `WeightPackError` of kind `.fileNotFound`, `.malformedCSV` (naming the line),
  ///   `.invalidOption` for a dtype other than F32 or F64, or `.invalidTensorName`.
  public init(path: String, options: CSVOptions = CSVOptions()) throws {
    guard options.dtype == .float32 || options.dtype == .float64 else {
      throw WeightPackError(
        .invalidOption(name: "dtype", reason: "\(options.dtype.rawValue), CSV reads F32 or F64"))
    }
    let file = try SystemFile(readingAt: path)
    let layout = try withContext(path: path) { try CSVLayout.scan(file, options: options) }
    let name = options.tensorName ?? Self.tensorName(forFileAt: path)
    try withContext(path: path) { try Manifest.validateName(name) }
    let shape = try withContext(path: path) { try Shape([layout.rowCount, layout.columnCount]) }
    self.path = path
    self.file = file
    self.layout = layout
    self.options = options
    self.tensors = [TensorDescriptor(name: name, dtype: options.dtype, shape: shape)]
    if let names = layout.columnNames {
      let json = JSONWriter.compact(.array(names.map { .string($0) }))
      self.metadata = [CSVOptions.columnsMetadataKey: String(decoding: json, as: UTF8.self)]
    } else {
      self.metadata = [:]
    }
  }

  /// `csv`.
  public var formatName: String { "csv" }
  /// Always empty: CSV files carry no history.
  public var history: [HistoryEntry] { [] }

  /// Parses the records and streams the numbers, little-endian, row-major.
  ///
  /// - Throws: `WeightPackError` of kind `.malformedCSV` naming the line and column of an
  ///   empty or non-numeric field, with the path, the tensor and the field's offset.
  public func readTensor(at index: Int, _ body: ([UInt8]) throws -> Void) throws {
    precondition(index == 0, "a CSV file holds one tensor, index \(index) is out of range")
    var reader = CSVRecordReader(
      file: file, delimiter: layout.delimiter,
      maximumRecordByteCount: options.maximumRecordByteCount)
    var piece = ByteWriter()
    do {
      if layout.columnNames != nil { _ = try reader.next() }
      while let record = try reader.next() {
        for (column, field) in record.fields.enumerated() {
          try append(field, line: record.line, column: column + 1, to: &piece)
        }
        if piece.bytes.count >= 1 << 20 {
          try body(piece.bytes)
          piece = ByteWriter()
        }
      }
      if !piece.bytes.isEmpty { try body(piece.bytes) }
    } catch let error as WeightPackError {
      throw error.adding(path: path).adding(tensor: tensors[0].name)
    }
  }

  private func append(
    _ field: CSVField,
    line: Int,
    column: Int,
    to piece: inout ByteWriter
  ) throws {
    let isMissing = CSVNumber.isEmpty(field.bytes)
    if isMissing && !options.missingAsNaN {
      throw CSVRecordReader.error(
        line: line, column: column, "the cell is empty (use --missing nan)", field.offset)
    }
    if options.dtype == .float64 {
      guard let value = isMissing ? .nan : CSVNumber.double(field.bytes) else {
        throw notANumber(field, line: line, column: column)
      }
      piece.append(value.bitPattern)
    } else {
      guard let value = isMissing ? .nan : CSVNumber.float(field.bytes) else {
        throw notANumber(field, line: line, column: column)
      }
      piece.append(value.bitPattern)
    }
  }

  private func notANumber(_ field: CSVField, line: Int, column: Int) -> WeightPackError {
    let text = String(decoding: field.bytes.prefix(40), as: UTF8.self)
    return CSVRecordReader.error(
      line: line, column: column, "'\(escaped(text))' is not a number", field.offset)
  }

  /// The file's name without its directory and extension (`data` for `a/data.csv`).
  static func tensorName(forFileAt path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
  }
}
