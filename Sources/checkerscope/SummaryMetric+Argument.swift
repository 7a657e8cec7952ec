import ArgumentParser
import Rendering

extension SummaryMetric: ExpressibleByArgument {}
