/// What `WeightFile.verify` found.
public struct VerificationReport: Sendable {
  /// How many tensors were checked.
  public var tensorCount = 0
  /// How many chunks were decoded and checked.
  public var chunkCount = 0
  /// How many decoded bytes were checked.
  public var byteCount: UInt64 = 0
  /// Each problem found, in file order; empty when the file is sound.
  public var problems: [WeightPackError] = []

  /// Whether no problem was found.
  public var isSound: Bool { problems.isEmpty }
}

extension WeightFile {
  /// Checks every chunk (stored length, inflate, decoded length, CRC-32) and that every byte
  /// of the data region not covered by a chunk is zero padding.
  ///
  /// The structure (preamble, trailer, manifest) was already checked when the file opened.
  /// A damaged chunk is reported and the check goes on with the next one.
  ///
  /// - Parameter progress: Called after each tensor.
  /// - Returns: What was checked and every problem found.
  /// - Complexity: O(file size).
  public func verify(progress: ProgressHandler? = nil) -> VerificationReport {
    var report = VerificationReport()
    let total = entries.map(\.byteCount).saturatingSum()
    for (tensorIndex, entry) in entries.enumerated() {
      let results =
        (try? parallelMap(entry.chunks.count, workers: options.workerCount) { index in
          Result { _ = try self.readChunk(index, of: entry) }
        }) ?? []
      for case .failure(let error) in results {
        report.problems.append(
          (error as? WeightPackError)
            ?? WeightPackError(.decompressionFailed("\(error)"), path: path, tensor: entry.name))
      }
      report.tensorCount += 1
      report.chunkCount += entry.chunks.count
      report.byteCount += entry.byteCount
      progress?(
        ProgressEvent(
          tensorName: entry.name, tensorIndex: tensorIndex, tensorCount: entries.count,
          bytesDone: report.byteCount, bytesTotal: total))
    }
    report.problems += paddingProblems()
    return report
  }

  /// Reads every gap between chunks in the data region and reports the first non-zero byte
  /// of each gap.
  private func paddingProblems() -> [WeightPackError] {
    var extents = entries.flatMap { $0.chunks.map { ($0.offset, $0.end) } }
    extents.sort { $0.0 < $1.0 }
    var gaps: [(UInt64, UInt64)] = []
    var position = Layout.dataOffset
    for (offset, end) in extents {
      if offset > position { gaps.append((position, offset)) }
      position = max(position, end)
    }
    if trailer.manifestOffset > position { gaps.append((position, trailer.manifestOffset)) }
    var problems: [WeightPackError] = []
    for (start, end) in gaps {
      var cursor = start
      while cursor < end {
        let count = Int(min(end - cursor, 1 << 20))
        do {
          let bytes = try file.read(count: count, at: cursor)
          if let index = bytes.firstIndex(where: { $0 != 0 }) {
            let offset = cursor + UInt64(index)
            problems.append(
              WeightPackError(.nonZeroPadding(offset: offset), path: path, offset: offset))
            break
          }
        } catch let error as WeightPackError {
          problems.append(error.adding(path: path))
          break
        } catch {
          break
        }
        cursor += UInt64(count)
      }
    }
    return problems
  }
}
