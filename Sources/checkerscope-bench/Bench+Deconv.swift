/// Benchmark cases for the deconv part of checkerscope.
let deconvBenchCases: [BenchCase] = []
