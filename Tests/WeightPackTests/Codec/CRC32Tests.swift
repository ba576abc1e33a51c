import Testing

@testable import WeightPack

@Suite struct CRC32Tests {
  @Test func matchesTheCheckValue() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([]) == 0)
    #expect(
      CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
  }

  @Test func continuesAcrossUpdates() {
    var crc = CRC32()
    crc.update(Array("1234".utf8))
    crc.update([])
    crc.update(Array("56789".utf8))
    #expect(crc.value == 0xCBF4_3926)
  }
}
