import WeightPack

@main
struct WPK {
  static func main() {}
}
