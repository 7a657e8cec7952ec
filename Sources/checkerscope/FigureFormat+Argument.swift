import ArgumentParser
import Rendering

extension FigureFormat: ExpressibleByArgument {}
