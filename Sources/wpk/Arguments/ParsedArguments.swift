/// A command line parsed against a `CommandSpec`: positionals, option values and flags.
struct ParsedArguments {
  /// The positional values, in order.
  private(set) var positionals: [String] = []
  private var values: [String: String] = [:]
  private var flags: Set<String> = []
  /// Whether `-h` or `--help` was given.
  private(set) var wantsHelp = false

  /// Parses `arguments` (everything after the subcommand's name).
  ///
  /// `--name value` and `--name=value` both work; `--` ends the options.
  ///
  /// - Throws: `UsageError` for unknown options, missing values, values outside an option's
  ///   permitted list, and missing or extra positionals.
  init(_ arguments: [String], spec: CommandSpec) throws {
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      if argument == "-h" || argument == "--help" {
        wantsHelp = true
        continue
      }
      var name = String(argument.drop { $0 == "-" })
      var inline: String?
      if argument.hasPrefix("--"), let equals = name.firstIndex(of: "=") {
        inline = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      let found =
        argument.hasPrefix("--")
        ? spec.options.first { $0.name == name }
        : spec.options.first { name.count == 1 && $0.short == name.first }
      guard let option = found else { throw UsageError.unknownOption(argument) }
      if option.isFlag {
        guard inline == nil else { throw UsageError.flagWithValue(option: option.name) }
        flags.insert(option.name)
        continue
      }
      let value: String
      if let inline {
        value = inline
      } else {
        guard index < arguments.count else { throw UsageError.missingValue(option: option.name) }
        value = arguments[index]
        index += 1
      }
      if let permitted = option.values, !permitted.contains(value) {
        throw UsageError.invalidValue(
          option: option.name, value: value,
          reason: "expected one of " + permitted.joined(separator: ", "))
      }
      guard values[option.name] == nil else { throw UsageError.repeatedOption(option.name) }
      values[option.name] = value
    }
    if wantsHelp { return }
    try checkPositionals(spec)
  }

  private func checkPositionals(_ spec: CommandSpec) throws {
    let repeats = spec.arguments.last?.isRepeating ?? false
    if positionals.count < spec.arguments.count {
      throw UsageError.missingArgument(spec.arguments[positionals.count].name)
    }
    if !repeats, positionals.count > spec.arguments.count {
      throw UsageError.unexpectedArgument(positionals[spec.arguments.count])
    }
  }

  /// Whether the flag `--name` was given.
  func flag(_ name: String) -> Bool { flags.contains(name) }

  /// The value of `--name`, if given.
  func value(_ name: String) -> String? { values[name] }

  /// The value of `--name` as an integer in `range`, if given.
  ///
  /// Accepts a `K`, `M` or `G` suffix (binary: 1K = 1024) when `allowsSuffix` is set.
  func integer(_ name: String, in range: ClosedRange<Int>, allowsSuffix: Bool = false) throws
    -> Int?
  {
    guard let text = values[name] else { return nil }
    var digits = Substring(text)
    var multiplier = 1
    if allowsSuffix, let last = digits.last?.uppercased() {
      let scales = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
      if let scale = scales[last] {
        multiplier = scale
        digits = digits.dropLast()
      }
    }
    guard let base = Int(digits), base >= 0 else {
      throw UsageError.invalidValue(option: name, value: text, reason: "not an integer")
    }
    let (value, overflow) = base.multipliedReportingOverflow(by: multiplier)
    guard !overflow, range.contains(value) else {
      throw UsageError.invalidValue(
        option: name, value: text, reason: "must be \(range.lowerBound) to \(range.upperBound)")
    }
    return value
  }
}
