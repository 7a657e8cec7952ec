import ArgumentParser
import Rendering

/// `--colormap NAME`: one of `Colormap.names`, which help, completion and the error for any other
/// name list.
extension Colormap: ExpressibleByArgument {
  public init?(argument: String) {
    guard let colormap = Colormap.named(argument) else { return nil }
    self = colormap
  }

  public var defaultValueDescription: String { name }

  public static var allValueStrings: [String] { names }

  public static var defaultCompletionKind: CompletionKind { .list(names) }
}
