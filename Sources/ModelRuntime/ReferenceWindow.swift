import TransposedConv

/// Plain loops for the window operators in 1D, 2D and 3D (run as 3D with unit axes): the
/// convolution cases the fast path does not take, 3D transposed convolution, and pooling.
enum ReferenceWindow {
  /// Pads a per-axis list to three axes (leading unit axes), with `unit` as the filler.
  static func three(_ v: [Int], _ unit: Int) -> [Int] { [Int](repeating: unit, count: 3 - v.count) + v }

  /// Forward convolution: `y[n, co, o] = b[co] + Σ x[n, ci, o·s − p + d·j]·w[co, ci', j]`, zero outside.
  static func convolution(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ plan: ConvPlan) -> Tensor {
    let inS = three(Array(plan.input[2...]), 1)
    let kS = three(Array(plan.weight[2...]), 1)
    let outS = three(Array(plan.output[2...]), 1)
    let s = three(plan.strides, 1)
    let d = three(plan.dilations, 1)
    let p = three(plan.padBegin, 0)
    let (n, cIn, cOut, groups) = (plan.input[0], plan.input[1], plan.output[1], plan.groups)
    let cInPG = cIn / groups
    let cOutPG = cOut / groups
    let inPlane = inS[0] * inS[1] * inS[2]
    let kPlane = kS[0] * kS[1] * kS[2]
    let outPlane = outS[0] * outS[1] * outS[2]
    var out = [Float](repeating: 0, count: n * cOut * outPlane)
    for b in 0..<n {
      for co in 0..<cOut {
        let g = co / cOutPG
        let base = (b * cOut + co) * outPlane
        let bv = bias?.data[co] ?? 0
        for oz in 0..<outS[0] {
          for oy in 0..<outS[1] {
            for ox in 0..<outS[2] {
              var acc: Float = 0
              for cil in 0..<cInPG {
                let xBase = (b * cIn + g * cInPG + cil) * inPlane
                let wBase = (co * cInPG + cil) * kPlane
                for jz in 0..<kS[0] {
                  let iz = oz * s[0] - p[0] + jz * d[0]
                  if iz < 0 || iz >= inS[0] { continue }
                  for jy in 0..<kS[1] {
                    let iy = oy * s[1] - p[1] + jy * d[1]
                    if iy < 0 || iy >= inS[1] { continue }
                    for jx in 0..<kS[2] {
                      let ix = ox * s[2] - p[2] + jx * d[2]
                      if ix < 0 || ix >= inS[2] { continue }
                      acc +=
                        x.data[xBase + (iz * inS[1] + iy) * inS[2] + ix]
                        * w.data[wBase + (jz * kS[1] + jy) * kS[2] + jx]
                    }
                  }
                }
              }
              out[base + (oz * outS[1] + oy) * outS[2] + ox] = acc + bv
            }
          }
        }
      }
    }
    return Tensor(shape: plan.output, data: out)
  }

  /// Transposed convolution by scatter: `x[n, ci, i]·w[ci, co', j]` adds to `o = i·s + j·d − padBegin`
  /// when `0 ≤ o < out`; any padding (negative = extra outputs) and output size.
  static func transposed(
    _ x: Tensor, _ w: Tensor, _ bias: Tensor?, output: [Int], strides: [Int], dilations: [Int],
    padBegin: [Int],
    groups: Int
  ) -> Tensor {
    let inS = three(Array(x.shape[2...]), 1)
    let kS = three(Array(w.shape[2...]), 1)
    let outS = three(Array(output[2...]), 1)
    let s = three(strides, 1)
    let d = three(dilations, 1)
    let p = three(padBegin, 0)
    let (n, cIn, cOut) = (x.shape[0], x.shape[1], output[1])
    let cInPG = cIn / groups
    let cOutPG = cOut / groups
    let inPlane = inS[0] * inS[1] * inS[2]
    let kPlane = kS[0] * kS[1] * kS[2]
    let outPlane = outS[0] * outS[1] * outS[2]
    var out = [Float](repeating: 0, count: n * cOut * outPlane)
    for b in 0..<n {
      for co in 0..<cOut {
        let base = (b * cOut + co) * outPlane
        let bv = bias?.data[co] ?? 0
        for i in 0..<outPlane { out[base + i] = bv }
        let g = co / cOutPG
        let col = co % cOutPG
        for cil in 0..<cInPG {
          let ci = g * cInPG + cil
          let xBase = (b * cIn + ci) * inPlane
          let wBase = (ci * cOutPG + col) * kPlane
          for iz in 0..<inS[0] {
            for iy in 0..<inS[1] {
              for ix in 0..<inS[2] {
                let v = x.data[xBase + (iz * inS[1] + iy) * inS[2] + ix]
                for jz in 0..<kS[0] {
                  let oz = iz * s[0] + jz * d[0] - p[0]
                  if oz < 0 || oz >= outS[0] { continue }
                  for jy in 0..<kS[1] {
                    let oy = iy * s[1] + jy * d[1] - p[1]
                    if oy < 0 || oy >= outS[1] { continue }
                    for jx in 0..<kS[2] {
                      let ox = ix * s[2] + jx * d[2] - p[2]
                      if ox < 0 || ox >= outS[2] { continue }
                      out[base + (oz * outS[1] + oy) * outS[2] + ox] +=
                        v * w.data[wBase + (jz * kS[1] + jy) * kS[2] + jx]
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return Tensor(shape: output, data: out)
  }

  /// Max or average pooling over windows `o·s − p + d·j`; positions outside the input are skipped
  /// (max) or, for the average with `includePad`, counted up to the padded extent.
  static func pool(
    _ x: Tensor, output: [Int], kernel: [Int], strides: [Int], dilations: [Int], padBegin: [Int],
    padEnd: [Int],
    max isMax: Bool, includePad: Bool, indices: UnsafeMutableBufferPointer<Int64>? = nil,
    columnMajor: Bool = false
  ) -> Tensor {
    let inS = three(Array(x.shape[2...]), 1)
    let kS = three(kernel, 1)
    let outS = three(Array(output[2...]), 1)
    let s = three(strides, 1)
    let d = three(dilations, 1)
    let p = three(padBegin, 0)
    let pe = three(padEnd, 0)
    let planes = x.shape[0] * x.shape[1]
    let inPlane = inS[0] * inS[1] * inS[2]
    let outPlane = outS[0] * outS[1] * outS[2]
    var out = [Float](repeating: 0, count: planes * outPlane)
    for plane in 0..<planes {
      let xBase = plane * inPlane
      for oz in 0..<outS[0] {
        for oy in 0..<outS[1] {
          for ox in 0..<outS[2] {
            var best = -Float.infinity
            var bestIndex = 0
            var sum: Float = 0
            var count = 0
            var padded = 1
            let o = [oz, oy, ox]
            for axis in 0..<3 {
              let start = o[axis] * s[axis] - p[axis]
              let end = min(start + (kS[axis] - 1) * d[axis] + 1, inS[axis] + pe[axis])
              padded *= max(0, (end - start + d[axis] - 1) / d[axis])
            }
            for jz in 0..<kS[0] {
              let iz = oz * s[0] - p[0] + jz * d[0]
              if iz < 0 || iz >= inS[0] { continue }
              for jy in 0..<kS[1] {
                let iy = oy * s[1] - p[1] + jy * d[1]
                if iy < 0 || iy >= inS[1] { continue }
                for jx in 0..<kS[2] {
                  let ix = ox * s[2] - p[2] + jx * d[2]
                  if ix < 0 || ix >= inS[2] { continue }
                  let v = x.data[xBase + (iz * inS[1] + iy) * inS[2] + ix]
                  if v > best {
                    best = v
                    bestIndex =
                      columnMajor
                      ? xBase + (ix * inS[1] + iy) * inS[0] + iz
                      : xBase + (iz * inS[1] + iy) * inS[2] + ix
                  }
                  sum += v
                  count += 1
                }
              }
            }
            let value: Float
            if isMax {
              value = best
            } else {
              let divisor = includePad ? padded : count
              value = divisor > 0 ? sum / Float(divisor) : 0
            }
            out[plane * outPlane + (oz * outS[1] + oy) * outS[2] + ox] = value
            indices?[plane * outPlane + (oz * outS[1] + oy) * outS[2] + ox] = Int64(bestIndex)
          }
        }
      }
    }
    return Tensor(shape: output, data: out)
  }
}
