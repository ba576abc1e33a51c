// The manifest's JSON form. Keys are written in one fixed order (Spec/FORMAT.md, "Manifest"),
// and dictionaries sorted by the UTF-8 bytes of their keys, so the same content always gives
// the same bytes. Decoding checks the schema only; `validate` checks the values.

extension Manifest {
  /// The manifest as JSON, keys in the documented order.
  ///
  /// `typed_metadata` is written only when there is some, so files without it keep the 1.0
  /// layout byte for byte.
  package var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("format", .string("wpk")),
      ("format_version", .string(formatVersion.description)),
      ("metadata", sortedObject(metadata)),
    ]
    if !typedMetadata.isEmpty {
      members.append(("typed_metadata", .array(typedMetadata.map(\.json))))
    }
    members += [
      ("history", .array(history.map(\.json))),
      ("tensors", .array(tensors.map(\.json))),
    ]
    return .object(members)
  }

  /// The compact UTF-8 bytes a writer stores.
  package var encoded: [UInt8] { JSONWriter.compact(json) }

  /// Decodes a manifest, checking that every required key is present with the right type.
  ///
  /// Unknown keys are ignored, so files from newer minor versions still open.
  ///
  /// - Throws: `WeightPackError` of kind `.schemaViolation`, `.unknownDType`, `.unknownCodec`,
  ///   `.unknownFilter`, `.invalidDimension` or `.sizeOverflow`, naming the tensor.
  package init(json: JSONValue, maximumRank: Int) throws {
    let root = try Field(json, "manifest").object()
    let format = try root.required("format").string()
    guard format == "wpk" else {
      throw WeightPackError(.schemaViolation(field: "manifest.format", expected: "\"wpk\""))
    }
    let versionText = try root.required("format_version").string()
    guard let version = FormatVersion(text: versionText) else {
      throw WeightPackError(
        .schemaViolation(field: "manifest.format_version", expected: "\"major.minor\""))
    }
    self.formatVersion = version
    self.metadata = try root.required("metadata").stringDictionary()
    self.typedMetadata =
      try root.optional("typed_metadata")?.array().map(TypedMetadataEntry.init(field:)) ?? []
    self.history = try root.required("history").array().map(HistoryEntry.init(field:))
    self.tensors = try root.required("tensors").array().map { field in
      try TensorEntry(field: field, maximumRank: maximumRank)
    }
  }
}

extension HistoryEntry {
  var json: JSONValue {
    .object([
      ("operation", .string(operation)),
      ("tool", .string(tool)),
      ("time", .string(time)),
      ("parameters", sortedObject(parameters)),
    ])
  }

  init(field: Field) throws {
    let object = try field.object()
    self.init(
      operation: try object.required("operation").string(),
      parameters: try object.required("parameters").stringDictionary(),
      tool: try object.required("tool").string(),
      time: try object.required("time").string())
  }
}

extension TensorEntry {
  var json: JSONValue {
    .object([
      ("name", .string(name)),
      ("dtype", .string(dtype.rawValue)),
      ("shape", .array(shape.dimensions.map { .number($0) })),
      ("byte_count", .number(byteCount)),
      ("codec", .string(codec.rawValue)),
      ("filters", .array(filters.map { .string($0.rawValue) })),
      ("chunks", .array(chunks.map(\.json))),
    ])
  }

  init(field: Field, maximumRank: Int) throws {
    let object = try field.object()
    let name = try object.required("name").string()
    do {
      let dtypeName = try object.required("dtype").string()
      guard let dtype = DType(rawValue: dtypeName) else {
        throw WeightPackError(.unknownDType(dtypeName))
      }
      let dimensions = try object.required("shape").array()
      guard dimensions.count <= maximumRank else {
        throw WeightPackError(.rankTooLarge(rank: dimensions.count, limit: maximumRank))
      }
      let shape = try Shape(dimensions.map { try $0.dimension() })
      let codecName = try object.required("codec").string()
      guard let codec = Codec(rawValue: codecName) else {
        throw WeightPackError(.unknownCodec(codecName))
      }
      let filters = try object.required("filters").array().map { field in
        let filterName = try field.string()
        guard let filter = Filter(rawValue: filterName) else {
          throw WeightPackError(.unknownFilter("'\(filterName)'"))
        }
        return filter
      }
      let declared = try object.required("byte_count").unsigned()
      guard let byteCount = dtype.byteCount(for: shape) else {
        if dtype.isBlock {
          throw WeightPackError(
            .invalidDimension(
              "\(dtype.rawValue) needs an innermost dimension that is a multiple of "
                + "\(dtype.traits.elementsPerBlock), shape is \(shape)"))
        }
        throw WeightPackError(.sizeOverflow)
      }
      guard declared == byteCount else {
        throw WeightPackError(
          .schemaViolation(
            field: "\(object.path).byte_count",
            expected: "\(byteCount) (shape \(shape) of \(dtype.rawValue)), not \(declared)"))
      }
      let chunks = try object.required("chunks").array().map(ChunkEntry.init(field:))
      self.init(
        name: name, dtype: dtype, shape: shape, codec: codec, filters: filters, chunks: chunks)
    } catch let error as WeightPackError {
      throw error.adding(tensor: name)
    }
  }
}

extension ChunkEntry {
  var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("offset", .number(offset)),
      ("stored_byte_count", .number(storedByteCount)),
      ("byte_count", .number(byteCount)),
      ("crc32", .number(UInt64(crc32))),
    ]
    if let planeByteCounts {
      members.append(("planes", .array(planeByteCounts.map { .number($0) })))
    }
    return .object(members)
  }

  init(field: Field) throws {
    let object = try field.object()
    let crc = try object.required("crc32").unsigned()
    guard let crc32 = UInt32(exactly: crc) else {
      throw WeightPackError(.schemaViolation(field: "\(object.path).crc32", expected: "a u32"))
    }
    self.init(
      offset: try object.required("offset").unsigned(),
      storedByteCount: try object.required("stored_byte_count").unsigned(),
      byteCount: try object.required("byte_count").unsigned(),
      crc32: crc32,
      planeByteCounts: try object.optional("planes")?.array().map { try $0.unsigned() })
  }
}

private func sortedObject(_ dictionary: [String: String]) -> JSONValue {
  let keys = dictionary.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  return .object(keys.map { ($0, .string(dictionary[$0] ?? "")) })
}
