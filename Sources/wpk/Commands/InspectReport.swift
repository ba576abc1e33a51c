import WeightPack

/// The two renderings of `wpk inspect`: a readable table and a stable JSON object.
///
/// The JSON keys (`format`, `version`, `metadata`, `history`, `tensors` with `name`,
/// `dtype`, `shape`, `byte_count`, `stored_byte_count`, `codec`) are a public interface that
/// other tools read; add keys, never rename them.
enum InspectReport {
  /// The table form.
  static func text(_ summary: FileSummary, _ path: String) -> String {
    let total = summary.tensors.map(\.byteCount).saturatingSum()
    let stored = summary.tensors.map(\.storedByteCount).saturatingSum()
    let version = summary.version.map { " \($0)" } ?? ""
    var text =
      "\(path): \(summary.format)\(version), \(Formatting.count(summary.tensors.count, "tensor")), "
    text += "\(Formatting.bytes(total)) decoded, \(Formatting.bytes(stored)) stored"
    text += " (ratio \(Formatting.ratio(total, stored)))\n"
    if !summary.tensors.isEmpty {
      var rows = [["NAME", "DTYPE", "SHAPE", "SIZE", "STORED", "RATIO", "CODEC"]]
      for tensor in summary.tensors {
        rows.append([
          tensor.name, tensor.dtype.rawValue, tensor.shape.description,
          Formatting.bytes(tensor.byteCount), Formatting.bytes(tensor.storedByteCount),
          Formatting.ratio(tensor.byteCount, tensor.storedByteCount), tensor.codec,
        ])
      }
      text += "\n" + Formatting.table(rows)
    }
    if !summary.metadata.isEmpty {
      text += "\nMETADATA\n"
      for key in summary.metadata.keys.sorted() {
        text +=
          "  \(Formatting.clipped(key)): \(Formatting.clipped(summary.metadata[key] ?? ""))\n"
      }
    }
    if !summary.typedMetadata.isEmpty {
      text += "\nTYPED METADATA\n"
      for entry in summary.typedMetadata {
        let type = typeName(entry.value)
        let value = Formatting.clipped(entry.value.summary(maximumElementCount: 8))
        text += "  \(Formatting.clipped(entry.key)) (\(type)): \(value)\n"
      }
    }
    if !summary.history.isEmpty {
      text += "\nHISTORY\n"
      for entry in summary.history {
        let parameters = entry.parameters.keys.sorted().map { key in
          "\(key)=\(entry.parameters[key] ?? "")"
        }.joined(separator: " ")
        text += "  \(entry.time)  \(entry.tool)  \(entry.operation)  \(parameters)\n"
      }
    }
    return text
  }

  /// The JSON form: one object, pretty-printed.
  static func json(_ summary: FileSummary) -> String {
    let total = summary.tensors.map(\.byteCount).saturatingSum()
    let stored = summary.tensors.map(\.storedByteCount).saturatingSum()
    let object = JSONValue.object([
      ("format", .string(summary.format)),
      ("version", summary.version.map(JSONValue.string) ?? .null),
      ("byte_count", .number(total)),
      ("stored_byte_count", .number(stored)),
      ("metadata", sorted(summary.metadata)),
      ("typed_metadata", .array(summary.typedMetadata.map(\.json))),
      (
        "history",
        .array(
          summary.history.map { entry in
            .object([
              ("operation", .string(entry.operation)),
              ("tool", .string(entry.tool)),
              ("time", .string(entry.time)),
              ("parameters", sorted(entry.parameters)),
            ])
          })
      ),
      ("tensors", .array(summary.tensors.map(tensorJSON))),
    ])
    return JSONWriter.pretty(object)
  }

  /// `u32`, or `array of string` (with `array of array of u8` for nested arrays, from the
  /// first element).
  private static func typeName(_ value: MetadataValue) -> String {
    guard case .array(let elementType, let elements) = value else { return value.type.rawValue }
    if elementType == .array, let first = elements.first {
      return "array of " + typeName(first)
    }
    return "array of \(elementType.rawValue)"
  }

  private static func tensorJSON(_ tensor: TensorSummary) -> JSONValue {
    .object([
      ("name", .string(tensor.name)),
      ("dtype", .string(tensor.dtype.rawValue)),
      ("shape", .array(tensor.shape.dimensions.map { .number($0) })),
      ("byte_count", .number(tensor.byteCount)),
      ("stored_byte_count", .number(tensor.storedByteCount)),
      ("codec", .string(tensor.codec)),
      ("chunk_count", .number(tensor.chunkCount)),
    ])
  }

  private static func sorted(_ dictionary: [String: String]) -> JSONValue {
    .object(dictionary.keys.sorted().map { ($0, .string(dictionary[$0] ?? "")) })
  }
}
