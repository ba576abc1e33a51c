/// The inner loops of the `block-split` filter (Spec/FORMAT.md, "Codecs and filters").
///
/// A chunk of `n` blocks of `B` bytes, each starting with an `s`-byte scale, becomes `s`
/// sections of `n` bytes (byte `k` of every block's scale) followed by one section of
/// `n * (B - s)` bytes (every block's codes, in block order).
enum BlockSplitKernels {
  /// Splits whole blocks into the filter's sections; `output` has `input`'s length.
  static func forward(
    _ input: UnsafeRawBufferPointer,
    _ output: UnsafeMutableRawBufferPointer,
    blockByteCount: Int,
    scaleByteCount: Int
  ) {
    let blockCount = input.count / blockByteCount
    let codeByteCount = blockByteCount - scaleByteCount
    let codesStart = blockCount * scaleByteCount
    for block in 0..<blockCount {
      let start = block * blockByteCount
      for byte in 0..<scaleByteCount {
        // Safe because block < blockCount and byte < scaleByteCount, so both indices are
        // below blockCount * blockByteCount = input.count = output.count.
        output[byte * blockCount + block] = input[start + byte]
      }
      let target = codesStart + block * codeByteCount
      // Safe because the block's codes end at start + blockByteCount <= input.count, and
      // their target ends at codesStart + (block + 1) * codeByteCount <= output.count.
      UnsafeMutableRawBufferPointer(rebasing: output[target..<target + codeByteCount])
        .copyMemory(
          from: UnsafeRawBufferPointer(
            rebasing: input[start + scaleByteCount..<start + blockByteCount]))
    }
  }

  /// Joins the filter's sections back into whole blocks; `output` has `input`'s length.
  static func backward(
    _ input: UnsafeRawBufferPointer,
    _ output: UnsafeMutableRawBufferPointer,
    blockByteCount: Int,
    scaleByteCount: Int
  ) {
    let blockCount = input.count / blockByteCount
    let codeByteCount = blockByteCount - scaleByteCount
    let codesStart = blockCount * scaleByteCount
    for block in 0..<blockCount {
      let start = block * blockByteCount
      for byte in 0..<scaleByteCount {
        // Safe because the same index bounds as in `forward` hold, with the roles swapped.
        output[start + byte] = input[byte * blockCount + block]
      }
      let source = codesStart + block * codeByteCount
      // Safe because both ranges lie inside their buffers, as in `forward`.
      UnsafeMutableRawBufferPointer(
        rebasing: output[start + scaleByteCount..<start + blockByteCount]
      ).copyMemory(from: UnsafeRawBufferPointer(rebasing: input[source..<source + codeByteCount]))
    }
  }
}
