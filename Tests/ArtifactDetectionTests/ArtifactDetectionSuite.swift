// Tests for ArtifactDetection.
