/// Returns `count` bytes written by `fill`, without zeroing them first.
///
/// Chunks are decoded into buffers of a megabyte or more; zeroing each one first costs as
/// much as copying it. `fill` must write every byte before it returns (a decoder that
/// produces exactly the recorded length, or a read that fills the buffer or throws).
func uninitializedBytes(
  _ count: Int,
  _ fill: (UnsafeMutableRawBufferPointer) throws -> Void
) rethrows -> [UInt8] {
  try [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
    // Safe because `fill` writes all `count` bytes of the buffer, or throws, in which case
    // the array is discarded (its elements are plain bytes with nothing to release).
    try fill(UnsafeMutableRawBufferPointer(buffer))
    initializedCount = count
  }
}
