/// One field of a CSV record: where its text is, and where it starts in the file.
struct CSVField {
  /// The field's bytes, with enclosing quotes removed and doubled quotes undone.
  var bytes: ArraySlice<UInt8>
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
///
/// Finding a record's end needs no field boundaries: every quote toggles "inside quotes"
/// (a doubled quote toggles twice), so the record ends at the first line feed outside quotes.
/// Fields are then cut from the record in place; only a field with doubled quotes is copied.
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
    if position >= Self.blockByteCount { compact() }
    while true {
      guard try fill(from: position) else { return nil }
      if buffer[position] == 0x0A {
        position += 1
        line += 1
      } else if buffer[position] == 0x0D, try fill(from: position + 1),
        buffer[position + 1] == 0x0A
      {
        position += 2
        line += 1
      } else {
        return try readRecord()
      }
    }
  }

  /// Finds the end of the record at `position`, then cuts it into fields.
  private mutating func readRecord() throws -> CSVRecord {
    let startLine = line
    var index = position
    var quoted = false
    var newlines = 0
    while true {
      guard try fill(from: index) else { break }
      let byte = buffer[index]
      if byte == UInt8(ascii: "\"") {
        quoted.toggle()
      } else if byte == 0x0A {
        if !quoted { break }
        newlines += 1
      }
      index += 1
      guard index - position <= maximumRecordByteCount else {
        throw Self.error(
          line: startLine, "the record is longer than \(maximumRecordByteCount) bytes",
          bufferOffset + UInt64(position))
      }
    }
    if quoted {
      throw Self.error(
        line: startLine, "a quoted field is never closed", bufferOffset + UInt64(position))
    }
    let end = index > position && buffer[index - 1] == 0x0D ? index - 1 : index
    let record = CSVRecord(
      line: startLine, offset: bufferOffset + UInt64(position),
      fields: try fields(position..<end, line: startLine))
    position = min(index + 1, buffer.count)
    line += newlines + (index < buffer.count ? 1 : 0)
    return record
  }

  /// Cuts the record's bytes in `range` into fields.
  private func fields(_ range: Range<Int>, line: Int) throws -> [CSVField] {
    var fields: [CSVField] = []
    var start = range.lowerBound
    while true {
      let offset = bufferOffset + UInt64(start)
      if start < range.upperBound, buffer[start] == UInt8(ascii: "\"") {
        var index = start + 1
        var hasDoubledQuote = false
        while true {
          // A quote inside an unquoted field can leave this one without its closing quote.
          guard index < range.upperBound else {
            throw Self.error(line: line, "a quoted field is never closed", offset)
          }
          if buffer[index] == UInt8(ascii: "\"") {
            guard index + 1 < range.upperBound, buffer[index + 1] == UInt8(ascii: "\"") else {
              break
            }
            hasDoubledQuote = true
            index += 1
          }
          index += 1
        }
        var text = buffer[start + 1..<index]
        if hasDoubledQuote { text = Self.undoubled(text) }
        fields.append(CSVField(bytes: text, offset: offset))
        index += 1
        guard index < range.upperBound else { return fields }
        guard buffer[index] == delimiter else {
          throw Self.error(
            line: line, "text follows a closing quote", bufferOffset + UInt64(index))
        }
        start = index + 1
        continue
      }
      var index = start
      while index < range.upperBound, buffer[index] != delimiter { index += 1 }
      fields.append(CSVField(bytes: buffer[start..<index], offset: offset))
      guard index < range.upperBound else { return fields }
      start = index + 1
    }
  }

  /// A quoted field's text with each `""` turned into `"`.
  private static func undoubled(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var result: [UInt8] = []
    var skip = false
    for byte in text {
      if skip {
        skip = false
        continue
      }
      result.append(byte)
      skip = byte == UInt8(ascii: "\"")
    }
    return result[...]
  }

  /// Makes sure the byte at `index` is buffered; `false` when the file ends first.
  ///
  /// It only appends, so indices into the buffer stay valid; `next()` drops the bytes before
  /// `position` between records.
  private mutating func fill(from index: Int) throws -> Bool {
    if index < buffer.count { return true }
    let next = bufferOffset + UInt64(buffer.count)
    guard next < file.size else { return false }
    let take = Int(min(UInt64(Self.blockByteCount), file.size - next))
    buffer += try file.read(count: take, at: next)
    return index < buffer.count
  }

  /// Drops the bytes before `position`, which no record needs any more.
  private mutating func compact() {
    guard position > 0 else { return }
    buffer.removeFirst(position)
    bufferOffset += UInt64(position)
    position = 0
  }

  /// A CSV error at `line`, at byte `offset`.
  static func error(line: Int, column: Int? = nil, _ reason: String, _ offset: UInt64)
    -> WeightPackError
  {
    WeightPackError(.malformedCSV(line: line, column: column, reason: reason), offset: offset)
  }
}
