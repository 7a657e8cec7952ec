import Foundation
import Testing

extension Trait where Self == ConditionTrait {
  /// Runs a test only where `/dev/full` exists (Linux: every write fails with ENOSPC); elsewhere
  /// (macOS has no such device) it is reported as skipped with that reason.
  public static var onlyWithFullDevice: Self {
    .enabled(
      if: FileManager.default.fileExists(atPath: "/dev/full"),
      "needs /dev/full, a device whose writes fail with ENOSPC (Linux; macOS has none)")
  }
}
