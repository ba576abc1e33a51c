import Testing

@testable import WeightPack

@Suite struct FormatVersionTests {
  @Test func parsesMajorDotMinor() {
    #expect(FormatVersion(text: "1.0") == FormatVersion(major: 1, minor: 0))
    #expect(FormatVersion(text: "65535.7") == FormatVersion(major: 65535, minor: 7))
  }

  @Test(arguments: [
    "", "1", "1.", ".0", "1.0.0", "v1.0", "1.-0", "+1.0", "65536.0", "1,0", "１.0", " 1.0",
    "1.00", "01.0", "1.0 ", "0x1.0",
  ])
  func refusesOtherText(_ text: String) {
    #expect(FormatVersion(text: text) == nil)
  }

  @Test func ordersAndPrints() {
    #expect(FormatVersion(major: 1, minor: 9) < FormatVersion(major: 2, minor: 0))
    #expect(FormatVersion.current.description == "1.1")
    #expect(FormatVersion.original.description == "1.0")
    #expect(FormatVersion.withBlockTypes.description == "1.1")
  }
}
