import Testing

@testable import WeightPack

@Suite struct ZlibCodecTests {
  private func deflate(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
    bytes.withUnsafeBytes { ZlibCodec.deflate($0, strategy: .level(9), limit: limit) }
  }

  private func inflate(_ stream: [UInt8], count: Int) -> WeightPackError.Kind? {
    var output = [UInt8](repeating: 0, count: count)
    do {
      try stream.withUnsafeBytes { input in
        try output.withUnsafeMutableBytes { try ZlibCodec.inflate(input, into: $0) }
      }
      return nil
    } catch let error as WeightPackError {
      return error.kind
    } catch {
      return .decompressionFailed("\(error)")
    }
  }

  @Test func honoursTheOutputLimit() throws {
    let bytes = [UInt8](repeating: 1, count: 10_000)
    let stream = try #require(deflate(bytes, limit: 10_000))
    #expect(deflate(bytes, limit: stream.count) == stream)
    #expect(deflate(bytes, limit: stream.count - 1) == nil)
    #expect(deflate([], limit: 10) == nil)
  }

  @Test func inflatesExactly() throws {
    let bytes = (0..<5000).map { UInt8($0 % 7) }
    let stream = try #require(deflate(bytes, limit: 5000))
    #expect(inflate(stream, count: bytes.count) == nil)
  }

  @Test func stopsAtTheRecordedLength() throws {
    let stream = try #require(deflate([UInt8](repeating: 0, count: 1 << 20), limit: 1 << 20))
    #expect(
      inflate(stream, count: 100)
        == .decompressionFailed("stream decodes to more than the 100 bytes recorded"))
    #expect(
      inflate(stream, count: (1 << 20) + 1)
        == .decompressionFailed("stream decodes to 1048576 bytes, manifest says 1048577"))
  }

  @Test func refusesDamagedStreams() throws {
    let bytes = (0..<5000).map { UInt8($0 % 7) }
    let stream = try #require(deflate(bytes, limit: 5000))
    #expect(
      inflate(Array(stream.prefix(stream.count / 2)), count: 5000)
        == .decompressionFailed("stream ends early"))
    #expect(
      inflate(stream + [0, 0], count: 5000)
        == .decompressionFailed("2 bytes follow the end of the stream"))
    var badChecksum = stream
    badChecksum[badChecksum.count - 1] ^= 1
    #expect(inflate(badChecksum, count: 5000) == .decompressionFailed("incorrect data check"))
    #expect(inflate([], count: 5000) == .decompressionFailed("stream ends early"))
  }
}
