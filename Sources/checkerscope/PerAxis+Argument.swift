import ArgumentParser
import TransposedConv

extension PerAxis: ExpressibleByArgument {
  public init?(argument: String) {
    self.init(parsing: argument)
  }

  public static var defaultCompletionKind: CompletionKind { .default }
}
