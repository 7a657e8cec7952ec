// The Rendering module; see Docs/ARCHITECTURE.md.
