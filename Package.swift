// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "WeightPack",
  products: [
    .library(name: "WeightPack", targets: ["WeightPack"]),
    .executable(name: "wpk", targets: ["wpk"]),
  ],
  targets: [
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    .target(
      name: "WeightPack",
      dependencies: ["CZlib"],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "wpk",
      dependencies: ["WeightPack"],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "WeightPackTests",
      dependencies: ["WeightPack"],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "wpkTests",
      dependencies: ["wpk", "WeightPack"],
      swiftSettings: strictSettings
    ),
  ],
  swiftLanguageModes: [.v6]
)
