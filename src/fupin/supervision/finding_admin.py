"""Admin of finding."""
