// The ArtifactDetection module; see Docs/ARCHITECTURE.md.
