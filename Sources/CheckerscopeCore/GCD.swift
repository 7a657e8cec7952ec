/// Integer divisors shared by the detectors and the overlap arithmetic.

/// Greatest common divisor, `gcd(0, n) = n`.
public func gcd(_ a: Int, _ b: Int) -> Int {
  var (x, y) = (abs(a), abs(b))
  while y != 0 { (x, y) = (y, x % y) }
  return x
}

/// Least common multiple of positive integers.
public func lcm(_ a: Int, _ b: Int) -> Int { a / gcd(a, b) * b }
