// Tests for Rendering.
