// Tensor infos: read one by one with ggml's checks on names, dimension counts, dimensions,
// types and offsets; then, once the data section's start is known, each tensor's bytes must
// lie inside the file without overlapping another's.

extension GGUFHeader {
  static func readTensorInfos(
    _ cursor: inout GGUFCursor,
    count: UInt64,
    alignment: UInt64
  ) throws -> [TensorInfo] {
    var infos: [TensorInfo] = []
    var names = Set<String>()
    for _ in 0..<count {
      let nameOffset = cursor.offset
      let name = try cursor.string(for: "tensor name")
      do {
        try checkName(name, unique: &names)
        infos.append(try readTensorInfo(&cursor, name: name, alignment: alignment))
      } catch let error as WeightPackError {
        throw error.adding(tensor: name).adding(offset: nameOffset)
      }
    }
    return infos
  }

  private static func checkName(_ name: String, unique names: inout Set<String>) throws {
    let byteCount = name.utf8.count
    guard byteCount <= maximumNameByteCount else {
      throw WeightPackError(
        .malformedGGUF(.nameTooLong(byteCount: byteCount, limit: maximumNameByteCount)))
    }
    try Manifest.validateName(name)
    guard names.insert(name).inserted else {
      throw WeightPackError(.duplicateTensorName(name))
    }
  }

  private static func readTensorInfo(
    _ cursor: inout GGUFCursor,
    name: String,
    alignment: UInt64
  ) throws -> TensorInfo {
    let rankOffset = cursor.offset
    let rank = try cursor.integer(UInt32.self, for: "dimension count")
    guard rank <= maximumRank else {
      throw WeightPackError(
        .rankTooLarge(rank: Int(rank), limit: maximumRank), offset: rankOffset)
    }
    var dimensions: [UInt64] = []
    for _ in 0..<rank {
      let start = cursor.offset
      let dimension = try cursor.integer(UInt64.self, for: "dimension")
      guard dimension <= UInt64(Int64.max) else {
        throw WeightPackError(.malformedGGUF(.negativeDimension(dimension)), offset: start)
      }
      dimensions.append(dimension)
    }
    let shape = try Shape(Array(dimensions.reversed()))
    guard shape.elementCount <= UInt64(Int64.max) else {
      throw WeightPackError(.sizeOverflow, offset: rankOffset)
    }
    let typeOffset = cursor.offset
    let typeNumber = try cursor.integer(UInt32.self, for: "tensor type")
    let dtype = try withOffset(typeOffset) { try GGUFTensorType.dtype(for: typeNumber) }
    let blockLength = dtype.traits.elementsPerBlock
    let rowLength = dimensions.first ?? 1
    guard rowLength % UInt64(blockLength) == 0 else {
      throw WeightPackError(
        .malformedGGUF(
          .rowNotWholeBlocks(type: dtype.rawValue, rowLength: rowLength, blockLength: blockLength)),
        offset: rankOffset)
    }
    guard let byteCount = dtype.byteCount(for: shape) else {
      throw WeightPackError(.sizeOverflow, offset: rankOffset)
    }
    let fieldOffset = cursor.offset
    let offset = try cursor.integer(UInt64.self, for: "tensor offset")
    guard offset % alignment == 0 else {
      throw WeightPackError(
        .malformedGGUF(.misalignedTensor(offset: offset, alignment: alignment)),
        offset: fieldOffset)
    }
    return TensorInfo(
      descriptor: TensorDescriptor(name: name, dtype: dtype, shape: shape),
      typeNumber: typeNumber, offset: offset, byteCount: byteCount, fieldOffset: fieldOffset)
  }

  /// Every tensor's bytes must lie inside the file, and no two may overlap.
  static func validatePlacement(
    of tensors: [TensorInfo],
    dataOffset: UInt64,
    fileSize: UInt64
  ) throws {
    var extents: [(start: UInt64, end: UInt64, info: TensorInfo)] = []
    for info in tensors {
      let (start, startOverflow) = dataOffset.addingReportingOverflow(info.offset)
      var (end, endOverflow) = start.addingReportingOverflow(info.byteCount)
      endOverflow = endOverflow || startOverflow
      guard !endOverflow, end <= fileSize else {
        throw WeightPackError(
          .malformedGGUF(
            .tensorOutOfBounds(
              start: startOverflow ? .max : start, end: endOverflow ? .max : end,
              fileSize: fileSize)),
          tensor: info.descriptor.name, offset: info.fieldOffset)
      }
      extents.append((start, end, info))
    }
    extents.sort { ($0.start, $0.end) < ($1.start, $1.end) }
    for (previous, next) in zip(extents, extents.dropFirst()) where next.start < previous.end {
      throw WeightPackError(
        .malformedGGUF(.overlappingTensors(start: next.start, previousEnd: previous.end)),
        tensor: next.info.descriptor.name, offset: next.info.fieldOffset)
    }
  }
}

/// Runs `body` and adds `offset` to any `WeightPackError` it throws.
private func withOffset<T>(_ offset: UInt64, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as WeightPackError {
    throw error.adding(offset: offset)
  }
}
