import CheckerscopeCore
import ModelIO
import TransposedConv

/// Everything that can go wrong while checking or running a model in `Interpreter`.
///
/// Each case names the model file and, where there is one, the node (`ModelNode.displayName`).
public enum RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// An operator outside the operator registry (at the model's default-domain `opset`).
  case unsupportedOperator(
    path: String, node: String, opType: String, domain: String, opset: Int, supported: [String])
  /// An attribute, attribute value or input the operator implementation does not cover.
  case unsupportedAttribute(path: String, node: String, opType: String, reason: String)
  /// The node's inputs do not fit the operator (shapes, types, missing values).
  case invalidNode(path: String, node: String, opType: String, reason: String)
  /// The graph's inputs were not given or have the wrong shape.
  case invalidInput(path: String, reason: String)
  /// A result would exceed `Interpreter.maximumElements`.
  case tooLarge(path: String, node: String, elements: Int)
  /// ModelIO refused an attribute.
  case model(ModelIOError)
  /// The tensors the run holds would exceed the memory budget (`Interpreter.run(inputs:budget:observe:)`).
  case resource(path: String, CoreError)

  public var description: String {
    switch self {
    case .unsupportedOperator(let path, let node, let opType, let domain, let opset, let supported):
      let name = domain.isEmpty ? opType : "\(domain).\(opType)"
      return
        "\(path): node '\(node)' uses the operator \(name) (model opset \(opset)), which the interpreter does not run; supported (default domain): \(supported.joined(separator: ", ")). Export the model with these operators or replace the node."
    case .unsupportedAttribute(let path, let node, let opType, let reason):
      return "\(path): node '\(node)' (\(opType)): \(reason); the interpreter refuses it rather than guess."
    case .invalidNode(let path, let node, let opType, let reason):
      return "\(path): node '\(node)' (\(opType)): \(reason)"
    case .invalidInput(let path, let reason):
      return "\(path): \(reason)"
    case .tooLarge(let path, let node, let elements):
      return
        "\(path): node '\(node)' would produce \(elements) elements, more than the interpreter's limit of \(Interpreter.maximumElements); use a smaller --input-shape."
    case .model(let error):
      return error.description
    case .resource(let path, let error):
      return "\(path): \(error.description)"
    }
  }
}
