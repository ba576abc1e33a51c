/// Text helpers for tables and sizes, without `String(format:)` (slow on Linux).
enum Formatting {
  /// `text` made safe for one line of a table.
  ///
  /// Control characters are escaped (`\u{a}`) and, past `limit` characters, the text is cut
  /// with a note of how much was left out. `--json` shows it whole.
  static func clipped(_ text: String, limit: Int = 200) -> String {
    let safe = text.unicodeScalars.map { scalar in
      scalar.value < 0x20 || scalar.value == 0x7F
        ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }.joined()
    guard safe.count > limit else { return safe }
    return String(safe.prefix(limit)) + "... (\(safe.count) characters in all)"
  }

  /// `count` and `noun`, with an `s` unless `count` is 1: `1 tensor`, `3 chunks`.
  static func count(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)" + (count == 1 ? "" : "s")
  }

  /// A byte count in binary units: `512 B`, `1.5 KiB`, `90.9 MiB`.
  static func bytes(_ count: UInt64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    var value = Double(count)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(count) B" : "\(decimal(value, places: 1)) \(units[unit])"
  }

  /// `value` with `places` digits after the point, rounded half away from zero.
  static func decimal(_ value: Double, places: Int) -> String {
    // Beyond 2^53 a Double has no fraction, and beyond 2^64 no UInt64 holds it.
    guard value.isFinite, abs(value) < 9.0e15 else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    let whole = UInt64(scaled / scale)
    var fraction = String(UInt64(scaled) - whole * UInt64(scale))
    fraction = String(repeating: "0", count: max(0, places - fraction.count)) + fraction
    let sign = value < 0 && scaled > 0 ? "-" : ""
    return places == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
  }

  /// The ratio decoded / stored with 3 decimals, or `-` when nothing is stored.
  static func ratio(_ byteCount: UInt64, _ storedByteCount: UInt64) -> String {
    storedByteCount == 0 ? "-" : decimal(Double(byteCount) / Double(storedByteCount), places: 3)
  }

  /// Renders rows as left-aligned columns separated by two spaces; trailing spaces trimmed.
  static func table(_ rows: [[String]]) -> String {
    guard let columnCount = rows.map(\.count).max() else { return "" }
    var widths = [Int](repeating: 0, count: columnCount)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
      var line = ""
      for (index, cell) in row.enumerated() {
        line += cell
        if index < row.count - 1 {
          line += String(repeating: " ", count: widths[index] - cell.count + 2)
        }
      }
      return line + "\n"
    }.joined()
  }
}
