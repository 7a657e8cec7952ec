/// Benchmark cases for the overlap part of checkerscope.
let overlapBenchCases: [BenchCase] = []
