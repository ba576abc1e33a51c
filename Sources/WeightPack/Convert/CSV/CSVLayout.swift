/// What a first pass over a CSV file finds: the delimiter, the header, and the table's size.
///
/// The pass checks the structure only (quotes, and the same number of fields in every
/// record); numbers are parsed when the values are streamed.
struct CSVLayout: Sendable {
  /// The field separator.
  var delimiter: UInt8
  /// The column names, when the first record is a header.
  var columnNames: [String]?
  /// The number of data records.
  var rowCount: UInt64
  /// The number of fields in every record.
  var columnCount: UInt64

  /// Scans `file`.
  ///
  /// - Throws: `WeightPackError` of kind `.malformedCSV` for a ragged record, broken quoting
  ///   or an empty file, with its line and offset.
  static func scan(_ file: SystemFile, options: CSVOptions) throws -> CSVLayout {
    let delimiter = try options.delimiter ?? detectDelimiter(file)
    var reader = CSVRecordReader(
      file: file, delimiter: delimiter, maximumRecordByteCount: options.maximumRecordByteCount)
    guard let first = try reader.next() else {
      throw CSVRecordReader.error(line: 1, "the file holds no records", 0)
    }
    let hasHeader: Bool
    switch options.header {
    case .present: hasHeader = true
    case .absent: hasHeader = false
    case .automatic:
      hasHeader = first.fields.contains {
        !CSVNumber.isEmpty($0.bytes) && CSVNumber.double($0.bytes) == nil
      }
    }
    let columnCount = first.fields.count
    var rowCount: UInt64 = hasHeader ? 0 : 1
    while let record = try reader.next() {
      guard record.fields.count == columnCount else {
        throw CSVRecordReader.error(
          line: record.line,
          "the record has \(record.fields.count) fields, the first has \(columnCount)",
          record.offset)
      }
      rowCount += 1
    }
    let names = hasHeader ? first.fields.map { String(decoding: $0.bytes, as: UTF8.self) } : nil
    return CSVLayout(
      delimiter: delimiter, columnNames: names, rowCount: rowCount,
      columnCount: UInt64(columnCount))
  }

  /// The most frequent of `,` `;` and tab outside quotes on the first non-empty line; `,` if
  /// none.
  private static func detectDelimiter(_ file: SystemFile) throws -> UInt8 {
    let head = try file.read(count: Int(min(file.size, 1 << 16)), at: 0)
    var counts: [UInt8: Int] = [:]
    var quoted = false
    var lineHasText = false
    for byte in head {
      if byte == UInt8(ascii: "\"") { quoted.toggle() }
      if !quoted && byte == 0x0A {
        if lineHasText { break }
        continue
      }
      if byte != 0x0D { lineHasText = true }
      if !quoted && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == 0x09) {
        counts[byte, default: 0] += 1
      }
    }
    let ranked = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09].max {
      counts[$0, default: 0] < counts[$1, default: 0]
    }
    guard let best = ranked, counts[best, default: 0] > 0 else { return UInt8(ascii: ",") }
    return best
  }
}
