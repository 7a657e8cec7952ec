// The TensorIO module; see Docs/ARCHITECTURE.md.
