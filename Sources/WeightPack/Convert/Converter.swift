/// Copies every tensor from a source to a sink, streaming piece by piece.
public enum Converter {
  /// Converts `source` into `sink` and finishes the sink.
  ///
  /// The sink receives the source's metadata, typed metadata and history, plus `step`
  /// appended to the history. On any error the sink is cancelled, so no partial output remains.
  ///
  /// - Parameters:
  ///   - source: What to read.
  ///   - sink: What to write; finished on success, cancelled on failure.
  ///   - step: The history entry describing this conversion, or `nil` to add none.
  ///   - progress: Called after each piece.
  /// - Throws: The first `WeightPackError` from either side.
  /// - Complexity: O(total bytes); memory O(one piece).
  public static func convert(
    _ source: any TensorSource,
    to sink: any TensorSink,
    step: HistoryEntry?,
    progress: ProgressHandler? = nil
  ) throws {
    do {
      let tensors = source.tensors
      let total = tensors.map(\.byteCount).saturatingSum()
      var done: UInt64 = 0
      let order = try sink.plan(
        tensors, metadata: source.metadata, typedMetadata: source.typedMetadata)
      precondition(
        order.sorted() == Array(tensors.indices), "a sink's plan must list each tensor once")
      for (position, index) in order.enumerated() {
        let tensor = tensors[index]
        try sink.beginTensor(tensor)
        try source.readTensor(at: index) { piece in
          try sink.append(piece)
          done += UInt64(piece.count)
          progress?(
            ProgressEvent(
              tensorName: tensor.name, tensorIndex: position, tensorCount: tensors.count,
              bytesDone: done, bytesTotal: total))
        }
        try sink.endTensor()
      }
      try sink.finish(
        metadata: source.metadata, history: source.history + (step.map { [$0] } ?? []))
    } catch {
      sink.cancel()
      throw error
    }
  }
}
