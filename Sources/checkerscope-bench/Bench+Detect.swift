/// Benchmark cases for the detect part of checkerscope.
let detectBenchCases: [BenchCase] = []
