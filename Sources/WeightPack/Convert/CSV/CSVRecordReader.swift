/// One field of a CSV record: its text without quotes, and where it starts.
struct CSVField {
  /// The field's bytes, with enclosing quotes removed and doubled quotes undone.
  var bytes: [UInt8]
  /// The offset of the field's first byte, from the start of the file.
  var offset: UInt64
}

/// One record (row) of a CSV file.
struct CSVRecord {
  /// The 1-based line on which the record starts.
  var line: Int
  /// The offset of the record's first byte, from the start of the file.
  var offset: UInt64
  /// The fields, in order.
  var fields: [CSVField]
}

/// Reads the records of a CSV file one at a time, in blocks, holding at most one record (and
/// one block) in memory.
///
/// Records end at LF or CR LF outside quotes; the end of the file ends the last one. A field
/// that starts with `"` runs to the next lone `"`, and `""` inside it stands for one quote;
/// it may span lines. Empty lines are skipped.
struct CSVRecordReader {
  private let file: SystemFile
  private let delimiter: UInt8
  private let maximumRecordByteCount: Int
  private var buffer: [UInt8] = []
  private var bufferOffset: UInt64 = 0
  private var position = 0
  private var line = 1

  /// The bytes read from the file at a time.
  static let blockByteCount = 1 << 20

  /// Creates a reader at the start of `file`.
  init(file: SystemFile, delimiter: UInt8, maximumRecordByteCount: Int) {
    self.file = file
    self.delimiter = delimiter
    self.maximumRecordByteCount = maximumRecordByteCount
  }

  /// Reads the next non-empty record, or `nil` at the end of the file.
  ///
  /// - Throws: `WeightPackError` of kind `.malformedCSV` for text after a closing quote, an
  ///   unclosed quote, or an over-long record; `.systemCallFailed` if a read fails.
  mutating func next() throws -> CSVRecord? {
    while true {
      guard try ensure(1) else { return nil }
      if buffer[position] == 0x0A {
        position += 1
        line += 1
        continue
      }
      if buffer[position] == 0x0D, try ensure(2), buffer[position + 1] == 0x0A {
        position += 2
        line += 1
        continue
      }
      return try readRecord()
    }
  }

  private mutating func readRecord() throws -> CSVRecord {
    let record = CSVRecord(line: line, offset: bufferOffset + UInt64(position), fields: [])
    var fields: [CSVField] = []
    while true {
      let field = try readField()
      fields.append(field.field)
      let length = bufferOffset + UInt64(position) - record.offset
      guard length <= UInt64(maximumRecordByteCount) else {
        throw CSVRecordReader.error(
          line: record.line, "the record is longer than \(maximumRecordByteCount) bytes",
          record.offset)
      }
      guard field.endedByDelimiter else { break }
    }
    return CSVRecord(line: record.line, offset: record.offset, fields: fields)
  }

  /// Reads one field and the delimiter or line end after it.
  private mutating func readField() throws -> (field: CSVField, endedByDelimiter: Bool) {
    let offset = bufferOffset + UInt64(position)
    let fieldLine = line
    var bytes: [UInt8] = []
    if try ensure(1), buffer[position] == UInt8(ascii: "\"") {
      position += 1
      while true {
        guard try ensure(1) else {
          throw CSVRecordReader.error(line: fieldLine, "a quoted field is never closed", offset)
        }
        let byte = buffer[position]
        position += 1
        if byte == UInt8(ascii: "\"") {
          if try ensure(1), buffer[position] == UInt8(ascii: "\"") {
            bytes.append(byte)
            position += 1
            continue
          }
          break
        }
        if byte == 0x0A { line += 1 }
        bytes.append(byte)
        try checkLength(bytes.count, line: fieldLine, offset: offset)
      }
      guard try ensure(1) else { return (CSVField(bytes: bytes, offset: offset), false) }
      let after = buffer[position]
      if after == delimiter {
        position += 1
        return (CSVField(bytes: bytes, offset: offset), true)
      }
      if try endOfLine() { return (CSVField(bytes: bytes, offset: offset), false) }
      throw CSVRecordReader.error(
        line: line, "text follows a closing quote", bufferOffset + UInt64(position))
    }
    while try ensure(1) {
      let byte = buffer[position]
      if byte == delimiter {
        position += 1
        return (CSVField(bytes: bytes, offset: offset), true)
      }
      if try endOfLine() { return (CSVField(bytes: bytes, offset: offset), false) }
      bytes.append(byte)
      position += 1
      try checkLength(bytes.count, line: fieldLine, offset: offset)
    }
    return (CSVField(bytes: bytes, offset: offset), false)
  }

  /// Consumes LF or CR LF at the position, if one is there.
  private mutating func endOfLine() throws -> Bool {
    if buffer[position] == 0x0A {
      position += 1
      line += 1
      return true
    }
    if buffer[position] == 0x0D, try ensure(2), buffer[position + 1] == 0x0A {
      position += 2
      line += 1
      return true
    }
    return false
  }

  private func checkLength(_ count: Int, line: Int, offset: UInt64) throws {
    guard count <= maximumRecordByteCount else {
      throw CSVRecordReader.error(
        line: line, "a field is longer than \(maximumRecordByteCount) bytes", offset)
    }
  }

  /// Makes sure `count` bytes are buffered from the position; `false` at the end of file.
  private mutating func ensure(_ count: Int) throws -> Bool {
    if buffer.count - position >= count { return true }
    // Drop what was read, then append the next block.
    if position > 0 {
      buffer.removeFirst(position)
      bufferOffset += UInt64(position)
      position = 0
    }
    let next = bufferOffset + UInt64(buffer.count)
    guard next < file.size else { return buffer.count >= count }
    let take = Int(min(UInt64(Self.blockByteCount), file.size - next))
    buffer += try file.read(count: take, at: next)
    return buffer.count >= count
  }

  /// A CSV error at `line`, at byte `offset`.
  static func error(line: Int, column: Int? = nil, _ reason: String, _ offset: UInt64)
    -> WeightPackError
  {
    WeightPackError(.malformedCSV(line: line, column: column, reason: reason), offset: offset)
  }
}
