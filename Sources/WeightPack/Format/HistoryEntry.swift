/// One step in a file's history: a tool that wrote the file records what it did.
public struct HistoryEntry: Sendable, Hashable {
  /// What was done, such as `convert`.
  public var operation: String
  /// The operation's parameters, such as the source format; written sorted by key.
  public var parameters: [String: String]
  /// The tool and its version, such as `wpk 0.1.0`.
  public var tool: String
  /// When, in UTC, as ISO 8601 (`2026-12-04T05:00:00Z`).
  public var time: String

  /// Creates a history entry.
  public init(operation: String, parameters: [String: String], tool: String, time: String) {
    self.operation = operation
    self.parameters = parameters
    self.tool = tool
    self.time = time
  }
}
