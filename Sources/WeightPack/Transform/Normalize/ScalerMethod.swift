/// How `wpk normalize` rescales each column of a 2-D tensor, as scikit-learn's scalers do.
public enum ScalerMethod: Sendable, Hashable {
  /// `MinMaxScaler(feature_range=(lower, upper))`: x' = (x − min) / (max − min) · (upper −
  /// lower) + lower; a constant column maps to `lower`.
  case minMax(lower: Double, upper: Double)
  /// `StandardScaler()`: x' = (x − mean) / std, with the population standard deviation; a
  /// constant column maps to 0.
  case zScore

  /// The method's name on the command line and in metadata: `minmax` or `zscore`.
  public var name: String {
    switch self {
    case .minMax: return "minmax"
    case .zScore: return "zscore"
    }
  }

  /// The names of the per-column parameters stored beside a normalized tensor, as
  /// scikit-learn names the fitted attributes (without their trailing underscore).
  var parameterNames: [String] {
    switch self {
    case .minMax: return ["data_min", "data_max", "scale", "min"]
    case .zScore: return ["mean", "var", "scale"]
    }
  }

  /// The metadata value that records the method: a JSON object.
  var metadataValue: String {
    switch self {
    case .minMax(let lower, let upper):
      return #"{"method":"minmax","feature_range":["# + "\(lower),\(upper)]}"
    case .zScore:
      return #"{"method":"zscore"}"#
    }
  }

  /// Parses a metadata value written by `metadataValue`.
  init?(metadataValue: String) {
    guard case .object? = try? JSONParser.parse(Array(metadataValue.utf8)),
      let json = try? JSONParser.parse(Array(metadataValue.utf8)),
      case .string(let method)? = json["method"]
    else { return nil }
    switch method {
    case "zscore":
      self = .zScore
    case "minmax":
      guard case .array(let range)? = json["feature_range"], range.count == 2,
        case .number(let lower) = range[0], case .number(let upper) = range[1],
        let low = Double(lower), let high = Double(upper)
      else { return nil }
      self = .minMax(lower: low, upper: high)
    default:
      return nil
    }
  }

  /// The metadata key that marks `tensor` as normalized.
  static func metadataKey(for tensor: String) -> String { "scaler." + tensor }

  /// The name of the parameter tensor `parameter` of `tensor`.
  static func parameterTensorName(_ tensor: String, _ parameter: String) -> String {
    tensor + ".scaler." + parameter
  }
}
