"""Admin of verification."""
